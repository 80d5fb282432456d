using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>
/// The receiving side's view of a transfer, refreshed from each manifest: which instances exist, which are on
/// disk already (checked once, when first seen), which became available to download, and whether the whole
/// transfer has arrived.
/// </summary>
internal sealed class ManifestTracker
{
    // Keyed by (study, SOP instance): one SOP Instance UID can sit in two studies of a transfer, and both must arrive.
    private readonly Dictionary<(string Study, string Sop), ReceiveTarget> _targets = [];
    private readonly string _outputDirectory;
    private readonly TransferCounters _counters;
    private int _incomplete;

    public ManifestTracker(string outputDirectory, TransferCounters counters)
    {
        _outputDirectory = outputDirectory;
        _counters = counters;
    }

    public IReadOnlyCollection<ReceiveTarget> Targets => _targets.Values;

    /// <summary>Known instances not yet complete on disk.</summary>
    public int Incomplete => Volatile.Read(ref _incomplete);

    public ReceiveTarget? Find(string studyInstanceUid, string sopInstanceUid) => _targets.GetValueOrDefault((studyInstanceUid, sopInstanceUid));

    /// <summary>Takes in a manifest and returns the instances that are now available and still to be downloaded.</summary>
    public List<ReceiveTarget> Merge(TransferManifest manifest)
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
                        // empty series UID), and the file's path depends on the series: wait for availability.
                        if (!instance.Available)
                            continue;
                        target = Create(study.StudyInstanceUid, series.SeriesInstanceUid, instance, manifest.ChunkSize);
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

    /// <summary>Called by a download worker when an instance's last chunk was written; true when none is left.</summary>
    public bool MarkCompleted() => Interlocked.Decrement(ref _incomplete) == 0;

    /// <summary>Every declared instance of every study is on disk and the server says the transfer is whole.</summary>
    public bool IsFinished(TransferManifest manifest)
    {
        if (manifest.State is not (TransferState.Available or TransferState.Delivered or TransferState.Acknowledged))
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

    private ReceiveTarget Create(string study, string series, ManifestInstance instance, int chunkSize)
    {
        var expected = ChunkedHashes.FromServer(instance.Size, chunkSize, instance.ChunkHashes);
        if (!instance.ContentHash.IsEmpty && !instance.ContentHash.Span.SequenceEqual(expected.ContentHash))
            throw new ChunkVerificationException($"instance {instance.SopInstanceUid}: the manifest's content hash does not match its chunk hashes");
        var path = ReceiveLayout.InstancePath(_outputDirectory, study, series, instance.SopInstanceUid);
        var target = new ReceiveTarget(study, series, instance.SopInstanceUid, new ReceivedInstanceWriter(path, instance.SopInstanceUid, expected));
        target.Needed = target.Writer.Resume();
        _counters.AddFound(1, instance.Size);
        if (target.Writer.IsComplete)
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
