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

    /// <summary>Declares the instance, puts its study in the transfer (created with the first), and sends it.</summary>
    public async Task AddAsync(SourceInstance instance, string path, CancellationToken cancellationToken)
    {
        await Upload.DeclareAsync(instance.StudyInstanceUid, [instance], cancellationToken).ConfigureAwait(false);
        if (!_studies.Contains(instance.StudyInstanceUid))
        {
            // Joined only once the server answered: a failed attempt is made again with the next try.
            var options = new SendOptions { DestinationFacilityId = Route.DestinationFacilityId, Priority = Route.Priority, Reason = $"received by gateway route {Route.CalledAeTitle}" };
            TransferId = (await Upload.CreateTransferAsync(id, [.. _studies, instance.StudyInstanceUid], options, cancellationToken).ConfigureAwait(false)).Id;
            _studies.Add(instance.StudyInstanceUid);
        }
        // A send cut short by an outage is not sent again here: completing the study sends what the server lacks.
        await Upload.SendAsync(instance.StudyInstanceUid, [instance.SopInstanceUid], cancellationToken).ConfigureAwait(false);
        if (_files.Add(path))
            Files.Add(path);
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
