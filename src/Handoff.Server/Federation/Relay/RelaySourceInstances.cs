using Handoff.Client;
using Handoff.Contracts.Studies;

namespace Handoff.Server.Federation.Relay;

/// <summary>A study's instances as the relay offers them to the peer: the chunk hashes this cluster already holds, no re-hashing.</summary>
internal static class RelaySourceInstances
{
    public static List<SourceInstance> Of(StudyManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var instances = new List<SourceInstance>(manifest.Instances.Count);
        foreach (var instance in manifest.Instances)
        {
            var concatenated = new byte[instance.ChunkHashes.Count * ChunkHash.Size];
            for (var i = 0; i < instance.ChunkHashes.Count; i++)
                Convert.FromHexString(instance.ChunkHashes[i], concatenated.AsSpan(i * ChunkHash.Size, ChunkHash.Size), out _, out _);
            var hashes = new InstanceHashes(instance.Size, manifest.ChunkSize, concatenated);
            instances.Add(new SourceInstance(manifest.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid, hashes, instance.SopInstanceUid)
            {
                SopClassUid = instance.SopClassUid,
            });
        }
        return instances;
    }
}
