using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;

namespace Handoff.Server.Receiving;

/// <summary>The study manifests of a transfer, read from the source facility's study grains.</summary>
public sealed class TransferManifests
{
    private readonly IGrainFactory _grains;

    public TransferManifests(IGrainFactory grains)
    {
        _grains = grains;
    }

    public async Task<IReadOnlyList<StudyManifest>> GetAsync(TransferRecord transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var reads = new Task<StudyManifest>[transfer.Studies.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            var key = StudyKey.Of(transfer.SourceFacilityId, transfer.Studies[i].StudyInstanceUid);
            reads[i] = _grains.GetGrain<IStudyGrain>(key).GetManifest();
        }
        return await Task.WhenAll(reads);
    }

    /// <summary>Every chunk of every available instance: what a download of this transfer may ask for.</summary>
    public async Task<(HashSet<string> Chunks, int ChunkSize)> GetDownloadableAsync(TransferRecord transfer)
    {
        var chunks = new HashSet<string>(StringComparer.Ordinal);
        var chunkSize = 0;
        foreach (var manifest in await GetAsync(transfer))
        {
            chunkSize = Math.Max(chunkSize, manifest.ChunkSize);
            foreach (var instance in manifest.Instances)
            {
                if (!instance.Available)
                    continue;
                foreach (var hash in instance.ChunkHashes)
                    chunks.Add(hash);
            }
        }
        return (chunks, chunkSize);
    }
}
