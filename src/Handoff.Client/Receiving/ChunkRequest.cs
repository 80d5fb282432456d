using Google.Protobuf;

namespace Handoff.Client;

/// <summary>
/// The chunks one download request asks for, each distinct hash once, and which instances (at which index) each
/// one is for. A chunk is taken off when it arrives, so a retried request asks only for what is still pending.
/// </summary>
internal sealed class ChunkRequest
{
    private readonly Dictionary<ChunkHash, List<(ReceiveTarget Target, int Index)>> _pending = [];
    private readonly Dictionary<ChunkHash, ByteString> _hashes = [];

    public ChunkRequest(IEnumerable<DownloadJob> jobs)
    {
        foreach (var job in jobs)
        {
            var expected = job.Target.Assembly.Expected;
            foreach (var index in job.ChunkIndices)
            {
                var hash = expected[index];
                if (!_pending.TryGetValue(hash, out var destinations))
                {
                    _pending[hash] = destinations = [];
                    _hashes[hash] = expected.ToByteString(index);
                }
                destinations.Add((job.Target, index));
            }
        }
    }

    public int Remaining => _pending.Count;

    public IEnumerable<ByteString> PendingHashes()
    {
        foreach (var hash in _pending.Keys)
            yield return _hashes[hash];
    }

    /// <summary>Where a received chunk goes; null when it was not (or no longer) pending.</summary>
    public List<(ReceiveTarget Target, int Index)>? Take(ChunkHash hash) =>
        _pending.Remove(hash, out var destinations) ? destinations : null;

    /// <summary>The instance(s) a hash was requested for, for messages.</summary>
    public string InstancesWanting(ChunkHash hash)
    {
        if (!_pending.TryGetValue(hash, out var destinations))
            return "(not requested)";
        var names = new List<string>();
        foreach (var (target, _) in destinations)
            names.Add(target.SopInstanceUid);
        return string.Join(", ", names);
    }

    public string FirstInstanceWaiting()
    {
        foreach (var destinations in _pending.Values)
            return destinations[0].Target.SopInstanceUid;
        return "(none)";
    }
}
