namespace Handoff.Testing;

/// <summary>
/// How <see cref="ServerProcess"/> starts a server: the Local profile unless <see cref="Azure"/> is set, the tests'
/// small chunk size unless told otherwise, optionally TLS and federation, and any further `--Key=value` arguments
/// (given last, so they override everything above).
/// </summary>
public sealed record ServerSettings
{
    /// <summary>The Azure profile on this cluster's account and names; null for the Local (embedded) profile.</summary>
    public AzureCluster? Azure { get; init; }

    /// <summary>Handoff:Upload:ChunkSize; null for the server's own default (1 MiB).</summary>
    public int? ChunkSize { get; init; } = ChunkSizes.Small;

    public TlsCertificate? Tls { get; init; }

    /// <summary>Handoff:Federation (network name and cluster certificate); null for a server that does not federate.</summary>
    public FederationSettings? Federation { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables of the server process (OTEL_EXPORTER_OTLP_ENDPOINT, say), on top of the test runner's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
