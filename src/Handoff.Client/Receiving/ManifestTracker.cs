using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The receiving side's view of a transfer, refreshed from each manifest: which instances exist, which the sink holds
/// already (asked once, when first seen), which became available to download, and whether the whole transfer has
/// arrived.
/// </summary>
internal sealed class ManifestTracker
{
    // Keyed by (study, SOP instance): one SOP Instance UID can sit in two studies of a transfer, and both must arrive.
    private readonly Dictionary<(string Study, string Sop), ReceiveTarget> _targets = [];
    private readonly IInstanceSink _sink;
    private readonly TransferCounters _counters;
    private int _incomplete;

    public ManifestTracker(IInstanceSink sink, TransferCounters counters)
    {
        _sink = sink;
        _counters = counters;
    }

    public IReadOnlyCollection<ReceiveTarget> Targets => _targets.Values;

    /// <summary>Known instances not yet complete in the sink.</summary>
    public int Incomplete => Volatile.Read(ref _incomplete);

    public ReceiveTarget? Find(string studyInstanceUid, string sopInstanceUid) => _targets.GetValueOrDefault((studyInstanceUid, sopInstanceUid));

    /// <summary>Takes in a manifest and returns the instances that are now available and still to be downloaded.</summary>
    public async Task<List<ReceiveTarget>> MergeAsync(TransferManifest manifest, CancellationToken cancellationToken)
    {
        var ready = new List<ReceiveTarget>();
        foreach (var study in manifest.Studies)
        {
            foreach (var series in study.Series)
            {
                foreach (var instance in series.Instances)
                {
                    var key = (study.StudyInstanceUid, instance.SopInstanceUid);
                    if (!_targets.TryGetValue(key, out var target))
                    {
                        // Until an instance is verified the server does not know its series (it lists it under an
                        // empty series UID), and where it goes may depend on the series: wait for availability.
                        if (!instance.Available)
                            continue;
                        target = await CreateAsync(study.StudyInstanceUid, series.SeriesInstanceUid, instance, manifest.ChunkSize, cancellationToken).ConfigureAwait(false);
                        _targets.Add(key, target);
                    }
                    target.Available |= instance.Available;
                    if (target.Available && !target.IsComplete && target.TryMarkQueued())
                        ready.Add(target);
                }
            }
        }
        return ready;
    }

    /// <summary>Called by a download worker when an instance was committed; true when none is left.</summary>
    public bool MarkCompleted() => Interlocked.Decrement(ref _incomplete) == 0;

    /// <summary>Every declared instance of every study is in the sink and the server says the transfer is whole.</summary>
    public bool IsFinished(TransferManifest manifest)
    {
        if (!TransferStates.IsWhole(manifest.State))
            return false;
        var declared = 0;
        foreach (var study in manifest.Studies)
        {
            if (!study.Complete)
                return false;
            declared += study.InstancesDeclared;
        }
        return Incomplete == 0 && _targets.Count >= declared;
    }

    private async Task<ReceiveTarget> CreateAsync(string study, string series, ManifestInstance instance, int chunkSize, CancellationToken cancellationToken)
    {
        var expected = InstanceHashes.FromServer(instance.Size, chunkSize, instance.ChunkHashes);
        if (!instance.ContentHash.IsEmpty && !instance.ContentHash.Span.SequenceEqual(expected.ContentHash))
            throw new HandoffVerificationException($"instance {instance.SopInstanceUid}: the manifest's content hash does not match its chunk hashes");
        var received = new ReceivedInstance(study, series, instance.SopInstanceUid, instance.SopClassUid, expected);
        var target = new ReceiveTarget(study, series, instance.SopInstanceUid, new InstanceAssembly(_sink.Open(received), instance.SopInstanceUid, expected));
        target.Needed = target.Assembly.Resume();
        if (target.Assembly.ReadyToCommit)
            await target.Assembly.CommitAsync(cancellationToken).ConfigureAwait(false); // an empty instance: nothing to download
        _counters.AddFound(1, instance.Size);
        if (target.Assembly.IsComplete)
        {
            _counters.AddDone(1);
        }
        else
        {
            Interlocked.Increment(ref _incomplete);
            long bytes = 0;
            foreach (var index in target.Needed)
                bytes += expected.LengthOf(index);
            _counters.AddToMove(bytes);
        }
        return target;
    }
}
