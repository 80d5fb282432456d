using Google.Protobuf;

namespace Handoff.Client;

/// <summary>
/// Decides what to upload from the server's answer to a declaration: only chunks it reported missing, and each
/// distinct chunk once per study even when several instances (or several offsets of one instance) share it: an
/// all-zero chunk, or the same file under two names. Claims are per study because the server credits a chunk to
/// the study named by the upload stream it arrives on.
/// </summary>
internal sealed class ChunkPlan
{
    private readonly Dictionary<string, HashSet<ChunkHash>> _claimed = new(StringComparer.Ordinal);

    /// <summary>The upload work for a declared batch, and how many of its instances the server already has whole.</summary>
    public List<UploadWork> Plan(string studyInstanceUid, IReadOnlyList<SourceInstance> instances, IEnumerable<ByteString> missingChunkHashes, out int instancesAlreadyStored)
    {
        var missing = new HashSet<ChunkHash>();
        foreach (var hash in missingChunkHashes)
        {
            if (!ChunkHash.TryRead(hash, out var value))
                throw new HandoffProtocolException($"the server listed a missing chunk hash of {hash.Length} bytes");
            missing.Add(value);
        }
        if (!_claimed.TryGetValue(studyInstanceUid, out var claimed))
        {
            claimed = [];
            _claimed.Add(studyInstanceUid, claimed);
        }
        var work = new List<UploadWork>();
        instancesAlreadyStored = 0;
        var indices = new List<int>();
        foreach (var instance in instances)
        {
            indices.Clear();
            long bytes = 0;
            var anyMissing = false;
            var hashes = instance.Hashes;
            for (var index = 0; index < hashes.Count; index++)
            {
                var hash = hashes[index];
                if (!missing.Contains(hash))
                    continue;
                anyMissing = true;
                if (!claimed.Add(hash))
                    continue;
                indices.Add(index);
                bytes += hashes.LengthOf(index);
            }
            if (!anyMissing)
                instancesAlreadyStored++;
            if (indices.Count > 0)
                work.Add(new UploadWork(studyInstanceUid, instance, [.. indices], bytes));
        }
        return work;
    }

    /// <summary>Forgets what was claimed for a study, before declaring it again to recover chunks lost in flight.</summary>
    public void Reset(string studyInstanceUid) => _claimed.Remove(studyInstanceUid);
}
