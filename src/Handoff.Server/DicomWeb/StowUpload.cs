using Handoff.Client;
using Handoff.Server.Web;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// The sending side of one STOW-RS request, through <see cref="HandoffClient"/> on this server's gRPC endpoint with
/// the caller's key: the parts of each patient join that patient's open transfer (<see cref="StowBatches"/>), and
/// every study touched is completed before the request is answered. A refusal is isolated to the instance it
/// concerns: when the server refuses a group, each instance is tried alone.
/// </summary>
public sealed class StowUpload : IAsyncDisposable
{
    private readonly HandoffClient _client;
    private readonly string _facilityId;
    private readonly StowTarget _target;
    private readonly StowBatches _batches;
    private readonly Dictionary<string, TransferBatch> _transfers = new(StringComparer.Ordinal);
    private IncrementalUpload? _upload;

    public StowUpload(LoopbackClients clients, string apiKey, string facilityId, StowTarget target, StowBatches batches)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _client = clients.For(apiKey);
        _facilityId = facilityId;
        _target = target;
        _batches = batches;
    }

    /// <summary>The transfers this request added to.</summary>
    public IEnumerable<string> TransferIds => _transfers.Values.Select(t => t.TransferId).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>Sends spooled parts that can be stored; returns the failure of each that the server refused (null for those it holds).</summary>
    public async Task<IReadOnlyList<(StowPart Part, StowFailure? Failure)>> SendAsync(IReadOnlyList<StowPart> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _upload ??= await _client.OpenIncrementalUploadAsync(FolderInstanceSource.OpenFileReader, parallel: 4, cancellationToken).ConfigureAwait(false);
        var instances = await HashAsync(parts, _upload.ChunkSize, cancellationToken).ConfigureAwait(false);
        var results = new List<(StowPart, StowFailure?)>(parts.Count);
        foreach (var patient in instances.GroupBy(i => i.Part.PatientId, StringComparer.Ordinal))
            results.AddRange(await SendPatientAsync(patient.Key, [.. patient], cancellationToken).ConfigureAwait(false));
        return results;
    }

    /// <summary>Completes every study this request touched; returns the instances the server refused while verifying them.</summary>
    public async Task<IReadOnlyList<(string SopInstanceUid, string Reason)>> CompleteAsync(CancellationToken cancellationToken)
    {
        var refused = new List<(string, string)>();
        foreach (var transfer in _transfers.Values)
        {
            foreach (var status in await transfer.CompleteStudiesAsync(cancellationToken).ConfigureAwait(false))
                refused.AddRange(status.Problems.Select(p => (p.SopInstanceUid, p.Reason)));
        }
        return refused;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<List<(StowPart, StowFailure?)>> SendPatientAsync(string patientId, IReadOnlyList<(StowPart Part, SourceInstance Instance)> group, CancellationToken cancellationToken)
    {
        try
        {
            await AddAsync(patientId, [.. group.Select(g => g.Instance)], cancellationToken).ConfigureAwait(false);
            return [.. group.Select(g => (g.Part, (StowFailure?)null))];
        }
        catch (HandoffException failure) when (group.Count > 1 && failure is not HandoffUnavailableException)
        {
            var results = new List<(StowPart, StowFailure?)>(group.Count);
            foreach (var one in group)
                results.AddRange(await SendPatientAsync(patientId, [one], cancellationToken).ConfigureAwait(false));
            return results;
        }
        catch (HandoffException failure)
        {
            var refusal = (failure as HandoffRefusedException)?.StatusCode;
            var code = failure is InstanceConflictException || refusal == Grpc.Core.StatusCode.AlreadyExists ? StowFailure.DuplicateInstance : StowFailure.ProcessingFailure;
            return [.. group.Select(g => (g.Part, (StowFailure?)new StowFailure(code, $"instance {g.Part.SopInstanceUid}: {failure.Message}") { Refusal = refusal }))];
        }
    }

    /// <summary>Adds the instances to the patient's open transfer; one that ended meanwhile (acknowledged already) is replaced by a new one.</summary>
    private async Task AddAsync(string patientId, IReadOnlyList<SourceInstance> instances, CancellationToken cancellationToken)
    {
        var workKey = _batches.WorkKeyFor(_facilityId, _target, patientId);
        try
        {
            await TransferFor(workKey).AddAsync(instances, cancellationToken).ConfigureAwait(false);
        }
        catch (TransferEndedException)
        {
            workKey = _batches.StartAgain(_facilityId, _target, patientId);
            await TransferFor(workKey).AddAsync(instances, cancellationToken).ConfigureAwait(false);
        }
    }

    private TransferBatch TransferFor(string workKey)
    {
        if (!_transfers.TryGetValue(workKey, out var transfer))
        {
            var options = new SendOptions
            {
                DestinationFacilityId = _target.DestinationFacilityId, Priority = _target.Priority, Reason = _target.Reason, ExpectedArrival = _target.ExpectedArrival,
            };
            _transfers[workKey] = transfer = new TransferBatch(_upload!, workKey, options);
        }
        return transfer;
    }

    /// <summary>Hashes the spooled parts on every core (they were just written: read from the page cache).</summary>
    private static Task<(StowPart Part, SourceInstance Instance)[]> HashAsync(IReadOnlyList<StowPart> parts, int chunkSize, CancellationToken cancellationToken)
    {
        var results = new (StowPart, SourceInstance)[parts.Count];
        return Task.Run(() =>
        {
            Parallel.For(0, parts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var part = parts[i];
                var file = new InstanceFile(part.Path!, part.StudyInstanceUid, part.SeriesInstanceUid, part.SopInstanceUid);
                results[i] = (part, FolderInstanceSource.ForFile(file, InstanceHasher.HashFile(part.Path!, chunkSize), $"part {part.Index}"));
            });
            return results;
        }, cancellationToken);
    }
}
