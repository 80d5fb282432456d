using Handoff.Contracts.Studies;

namespace Handoff.Server.Sending;

/// <summary>
/// Which chunk of a batch completed which instance: the batch's last chunk that belongs to it. Each completed
/// instance is handed to exactly one chunk, whose stream verifies it and reports it in that chunk's ack.
/// </summary>
public static class CompletedInstanceAttribution
{
    public static IReadOnlyList<IReadOnlyList<PendingInstance>> Attribute(IReadOnlyList<string> batchHashes, IReadOnlyList<PendingInstance> completed)
    {
        ArgumentNullException.ThrowIfNull(batchHashes);
        ArgumentNullException.ThrowIfNull(completed);
        var perChunk = new List<PendingInstance>[batchHashes.Count];
        for (var i = 0; i < perChunk.Length; i++)
            perChunk[i] = [];
        if (completed.Count == 0)
            return perChunk;
        var lastPosition = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batchHashes.Count; i++)
            lastPosition[batchHashes[i]] = i;
        foreach (var instance in completed)
        {
            var owner = -1;
            foreach (var hash in instance.ChunkHashes)
            {
                if (lastPosition.TryGetValue(hash, out var position) && position > owner)
                    owner = position;
            }
            // An instance none of this batch's chunks belongs to cannot be completed by it; the first chunk takes it
            // rather than let it go unverified.
            perChunk[Math.Max(owner, 0)].Add(instance);
        }
        return perChunk;
    }
}
