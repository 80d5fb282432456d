using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Gateway;

/// <summary>
/// What a gateway is: where it listens and as which AE title, its routes (called AE → destination facility), the
/// calling AE titles it accepts, the PACS it delivers into, and its spool. The command line and a JSON config file
/// (same names: listen, ae, routes, allow, deliver, commit, holdForReconcile, spool, quietWindowSeconds, fsync) set the same fields.
/// </summary>
public sealed partial record GatewaySettings
{
    public required IPEndPoint Listen { get; init; }

    public required string AeTitle { get; init; }

    public IReadOnlyList<GatewayRoute> Routes { get; init; } = [];

    /// <summary>Calling AE titles accepted; empty for any (the PACS delivered into is always accepted for its reports).</summary>
    public IReadOnlyList<string> Allowed { get; init; } = [];

    /// <summary>The PACS transfers for the facility are delivered into (a DICOM node or a DICOMweb URL); null for none.</summary>
    public DeliveryTarget? Deliver { get; init; }

    public bool Commit { get; init; }

    /// <summary>Deliver a transfer only once its patient was reconciled (<c>handoff reconcile</c>).</summary>
    public bool HoldForReconcile { get; init; }

    /// <summary>Where received instances wait to be sent and delivered transfers wait for the PACS.</summary>
    public required string Spool { get; init; }

    /// <summary>How long a route must be quiet for a patient before that patient's transfer is completed.</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>fsync each spooled instance before answering C-STORE success (survives a power cut, not only a crash).</summary>
    public bool Fsync { get; init; } = true;

    /// <summary>The first and longest wait before a failed delivery (PACS down, instance refused) is tried again.</summary>
    public (TimeSpan First, TimeSpan Longest) DeliveryRetry { get; init; } = (TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));

    /// <summary>How long to wait for the PACS's storage commitment report before trying again.</summary>
    public TimeSpan CommitmentTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks what only the combination can get wrong; <see cref="FormatException"/> names the setting.</summary>
    public GatewaySettings Validate()
    {
        if (!AeTitles.IsValid(AeTitle))
            throw new FormatException($"--ae '{AeTitle}' is not an AE title (1 to 16 characters, no backslash or control characters)");
        var duplicate = Routes.GroupBy(r => r.CalledAeTitle).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new FormatException($"--route: AE title {duplicate.Key} is routed twice");
        if (Routes.Any(r => r.CalledAeTitle == AeTitle))
            throw new FormatException($"--route: {AeTitle} is the gateway's own AE title; a route needs one of its own");
        if (Routes.Count == 0 && Deliver is null)
            throw new FormatException("a gateway needs at least one --route or a --deliver PACS");
        if (Commit && Deliver is null)
            throw new FormatException("--commit asks the --deliver PACS for storage commitment; give --deliver");
        if (HoldForReconcile && Deliver is null)
            throw new FormatException("--hold-for-reconcile holds the --deliver PACS's transfers until reconciled; give --deliver");
        if (Commit && Deliver?.Pacs is null)
            throw new FormatException("--commit is DICOM storage commitment: it needs --deliver AE@HOST:PORT (a STOW-RS delivery is held when the PACS answers success)");
        foreach (var caller in Allowed)
        {
            if (!AeTitles.IsValid(caller))
                throw new FormatException($"--allow '{caller}' is not an AE title");
        }
        return this;
    }

    /// <summary>Reads a JSON config file; fields it does not set keep <paramref name="defaults"/>' values.</summary>
    public static GatewaySettings ReadConfig(string path, GatewaySettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ConfigFile? config;
        try
        {
            config = JsonSerializer.Deserialize(File.ReadAllText(path), ConfigJson.Default.ConfigFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"config file {path} is not valid: {e.Message}", e);
        }
        if (config is null)
            return defaults;
        return defaults with
        {
            Listen = config.Listen is { } listen ? ParseEndpoint(listen, "listen") : defaults.Listen,
            AeTitle = config.Ae ?? defaults.AeTitle,
            Routes = config.Routes is { } routes ? [.. routes.Select(GatewayRoute.Parse)] : defaults.Routes,
            Allowed = config.Allow ?? defaults.Allowed,
            Deliver = config.Deliver is { } deliver ? DeliveryTarget.Parse(deliver) : defaults.Deliver,
            Commit = config.Commit ?? defaults.Commit,
            HoldForReconcile = config.HoldForReconcile ?? defaults.HoldForReconcile,
            Spool = config.Spool ?? defaults.Spool,
            QuietWindow = config.QuietWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.QuietWindow,
            Fsync = config.Fsync ?? defaults.Fsync,
        };
    }

    /// <summary>HOST:PORT (an IP address; [::1]:PORT for IPv6) to listen on.</summary>
    public static IPEndPoint ParseEndpoint(string text, string setting)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPEndPoint.TryParse(text, out var endpoint) || text.LastIndexOf(':') < 0 || endpoint.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal))
            throw new FormatException($"{setting} '{text}' is not HOST:PORT with an IP address (127.0.0.1:11112, [::1]:11112, 0.0.0.0:11112)");
        return endpoint;
    }

    internal sealed record ConfigFile(
        string? Listen, string? Ae, string[]? Routes, string[]? Allow, string? Deliver, bool? Commit, string? Spool, double? QuietWindowSeconds, bool? Fsync,
        bool? HoldForReconcile = null);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
    [JsonSerializable(typeof(ConfigFile))]
    internal sealed partial class ConfigJson : JsonSerializerContext;
}
