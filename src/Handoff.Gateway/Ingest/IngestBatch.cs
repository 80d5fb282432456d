using Handoff.Client;

namespace Handoff.Gateway.Ingest;

/// <summary>One patient's instances on one route while the route is busy: one transfer (a <see cref="TransferBatch"/>) and its spooled files.</summary>
internal sealed class IngestBatch(GatewayRoute route, TransferBatch transfer)
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    public GatewayRoute Route { get; } = route;

    public TransferBatch Transfer { get; } = transfer;

    public IncrementalUpload Upload => Transfer.Upload;

    public string TransferId => Transfer.TransferId;

    public List<string> Files { get; } = [];

    public DateTimeOffset LastArrival => Transfer.LastArrival;

    /// <summary>Sends the arrivals into the transfer; their spooled files are removed when the batch closes.</summary>
    public async Task AddAsync(IReadOnlyList<(SourceInstance Instance, string Path)> arrivals, CancellationToken cancellationToken)
    {
        await Transfer.AddAsync([.. arrivals.Select(a => a.Instance)], cancellationToken).ConfigureAwait(false);
        foreach (var (_, path) in arrivals)
        {
            if (_files.Add(path))
                Files.Add(path);
        }
    }

    /// <summary>Waits another quiet window before completing (the server could not be reached).</summary>
    public void Postpone() => Transfer.Postpone();

    /// <summary>Completes every study: the server checks each has every instance declared.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => Transfer.CompleteAsync(cancellationToken);
}
