using Handoff.Cli.Commands;
using Handoff.Client;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Where the client connects and with which key: from --server / --key, else HANDOFF_SERVER / HANDOFF_KEY, else the
/// embedded default server on this machine. Servers form a list (repeated options or commas) because a cluster has
/// several front doors: calls go to one of them, and the client fails over to the next when it
/// cannot be reached. <see cref="RetryFor"/> is how long send and receive keep retrying unreachable servers.
/// </summary>
internal sealed record ConnectionSettings(IReadOnlyList<Uri> Servers, string? Key)
{
    public const string RetryForVariable = "HANDOFF_RETRY_FOR";
    public static readonly TimeSpan DefaultRetryFor = HandoffClientOptions.DefaultRetryFor;

    public TimeSpan RetryFor { get; init; } = DefaultRetryFor;

    /// <summary>The facility's receipt-signing key, loaded from --receipt-key or HANDOFF_RECEIPT_KEY; null for none.</summary>
    public Client.Receipts.ReceiptSigningKey? ReceiptKey { get; init; }

    public const string ReceiptKeyVariable = "HANDOFF_RECEIPT_KEY";

    /// <summary>The addresses as the user would write them, for messages: "http://a:1, http://b:2".</summary>
    public string ServerList => string.Join(", ", Servers.Select(s => s.ToString().TrimEnd('/')));

    public const string DefaultServer = "http://127.0.0.1:7800";
    public const string ServerVariable = "HANDOFF_SERVER";
    public const string KeyVariable = "HANDOFF_KEY";

    public Uri Server => Servers[0];

    /// <summary>The library's options for these settings.</summary>
    public HandoffClientOptions ToOptions() => new() { Servers = Servers, ApiKey = Key, RetryFor = RetryFor, ReceiptSigningKey = ReceiptKey };

    public static ConnectionSettings Resolve(IReadOnlyList<string>? servers, string? key, string? retryFor = null, string? receiptKey = null)
    {
        var given = servers is { Count: > 0 } ? servers : [Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultServer];
        var uris = new List<Uri>();
        foreach (var value in given)
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                uris.Add(ParseServer(part));
        }
        if (uris.Count == 0)
            throw CliFailure.Usage("--server: no server address given");
        var resolvedKey = key is { Length: > 0 } ? key : Environment.GetEnvironmentVariable(KeyVariable);
        var retryText = retryFor is { Length: > 0 } ? retryFor : Environment.GetEnvironmentVariable(RetryForVariable);
        var retry = string.IsNullOrWhiteSpace(retryText) ? DefaultRetryFor : ParseDuration(retryText);
        var receiptKeyPath = receiptKey is { Length: > 0 } ? receiptKey : Environment.GetEnvironmentVariable(ReceiptKeyVariable);
        return new ConnectionSettings(uris, string.IsNullOrWhiteSpace(resolvedKey) ? null : resolvedKey.Trim())
        {
            RetryFor = retry,
            ReceiptKey = string.IsNullOrWhiteSpace(receiptKeyPath) ? null : LoadReceiptKey(receiptKeyPath.Trim()),
        };
    }

    private static Client.Receipts.ReceiptSigningKey LoadReceiptKey(string path)
    {
        try
        {
            return Client.Receipts.ReceiptSigningKey.Load(path);
        }
        catch (Exception failure) when (failure is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--receipt-key: {failure.Message}");
        }
    }

    /// <summary>"90s", "5m", "1h", "250ms", or a TimeSpan ("00:05:00").</summary>
    public static TimeSpan ParseDuration(string value, string option = "--retry-for")
    {
        var text = value.Trim();
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours),
        ];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && number >= 0 && !double.IsInfinity(number))
                return make(number);
        }
        if (TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
            return span;
        throw CliFailure.Usage($"{option}: '{value}' is not a duration (e.g. 30s, 5m, 00:05:00)");
    }

    private static Uri ParseServer(string value)
    {
        // "host:port" alone is the common slip; plaintext is the embedded default, so that is the guess.
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw CliFailure.Usage($"--server: '{value}' is not an http:// or https:// address");
        return uri;
    }
}
