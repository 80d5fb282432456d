using Handoff.Client;

namespace Handoff.Gateway.Ingest;

/// <summary>One patient's instances on one route while the route is busy: one transfer, its studies, its spooled files.</summary>
internal sealed class IngestBatch(GatewayRoute route, string id, IncrementalUpload upload)
{
    private readonly HashSet<string> _studies = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    public GatewayRoute Route { get; } = route;

    public IncrementalUpload Upload { get; } = upload;

    public string TransferId { get; private set; } = "";

    public List<string> Files { get; } = [];

    public DateTimeOffset LastArrival { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Declares the instances (one request per study), puts each new study in the transfer (created with the first),
    /// and sends them over the upload's parallel streams.
    /// </summary>
    public async Task AddAsync(IReadOnlyList<(SourceInstance Instance, string Path)> arrivals, CancellationToken cancellationToken)
    {
        var byStudy = arrivals.GroupBy(a => a.Instance.StudyInstanceUid, StringComparer.Ordinal).ToList();
        foreach (var study in byStudy)
        {
            await Upload.DeclareAsync(study.Key, [.. study.Select(a => a.Instance)], cancellationToken).ConfigureAwait(false);
            if (!_studies.Contains(study.Key))
            {
                // Joined only once the server answered: a failed attempt is made again with the next try.
                var options = new SendOptions { DestinationFacilityId = Route.DestinationFacilityId, Priority = Route.Priority, Reason = $"received by gateway route {Route.CalledAeTitle}" };
                TransferId = (await Upload.CreateTransferAsync(id, [.. _studies, study.Key], options, cancellationToken).ConfigureAwait(false)).Id;
                _studies.Add(study.Key);
            }
        }
        // A send cut short by an outage is not sent again here: completing the study sends what the server lacks.
        foreach (var study in byStudy)
            await Upload.SendAsync(study.Key, study.Select(a => a.Instance.SopInstanceUid), cancellationToken).ConfigureAwait(false);
        foreach (var (_, path) in arrivals)
        {
            if (_files.Add(path))
                Files.Add(path);
        }
        LastArrival = DateTimeOffset.UtcNow;
    }

    /// <summary>Waits another quiet window before completing (the server could not be reached).</summary>
    public void Postpone() => LastArrival = DateTimeOffset.UtcNow;

    /// <summary>Completes every study: the server checks each has every instance declared.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var study in _studies)
            await Upload.CompleteAsync(study, cancellationToken).ConfigureAwait(false);
    }
}
