using Handoff.Client;
using Handoff.Contracts.Studies;

namespace Handoff.Server.Federation.Relay;

/// <summary>A study's instances as the relay offers them to the peer: the chunk hashes this cluster already holds, no re-hashing.</summary>
internal static class RelaySourceInstances
{
    /// <summary>The manifest's instances for which <paramref name="include"/> is true (those not yet declared to the peer).</summary>
    public static List<SourceInstance> Of(StudyManifest manifest, Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(include);
        var instances = new List<SourceInstance>();
        foreach (var instance in manifest.Instances)
        {
            if (!include(instance.SopInstanceUid))
                continue;
            var concatenated = new byte[instance.ChunkHashes.Count * ChunkHash.Size];
            for (var i = 0; i < instance.ChunkHashes.Count; i++)
            {
                // The manifest's hashes were validated when declared here; one that does not parse is a bug, not input.
                if (!ChunkHash.TryParse(instance.ChunkHashes[i], out var hash))
                    throw new InvalidOperationException($"chunk {i} of instance {instance.SopInstanceUid} has no valid SHA-256 in the manifest");
                hash.Write(concatenated.AsSpan(i * ChunkHash.Size, ChunkHash.Size));
            }
            var hashes = new InstanceHashes(instance.Size, manifest.ChunkSize, concatenated);
            instances.Add(new SourceInstance(manifest.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid, hashes, instance.SopInstanceUid)
            {
                SopClassUid = instance.SopClassUid,
            });
        }
        return instances;
    }
}
