using Handoff.Cli.Commands;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Where the client connects and with which key: from --server / --key, else HANDOFF_SERVER / HANDOFF_KEY, else the
/// embedded default server on this machine. Servers form a list (repeated options or commas) because a cluster has
/// several front doors; today the first one is used.
/// </summary>
internal sealed record ConnectionSettings(IReadOnlyList<Uri> Servers, string? Key)
{
    public const string DefaultServer = "http://127.0.0.1:7800";
    public const string ServerVariable = "HANDOFF_SERVER";
    public const string KeyVariable = "HANDOFF_KEY";

    public Uri Server => Servers[0];

    public static ConnectionSettings Resolve(IReadOnlyList<string>? servers, string? key)
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
        return new ConnectionSettings(uris, string.IsNullOrWhiteSpace(resolvedKey) ? null : resolvedKey.Trim());
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
