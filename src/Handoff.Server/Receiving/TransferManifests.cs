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

    /// <param name="transfer">The transfer.</param>
    /// <param name="only">
    /// Null for every instance; otherwise the SOP Instance UIDs to list per study (a study not named lists none, but
    /// still reports its summary).
    /// </param>
    public async Task<IReadOnlyList<StudyManifest>> GetAsync(TransferRecord transfer, IReadOnlyDictionary<string, List<string>>? only = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var reads = new Task<StudyManifest>[transfer.Studies.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            var studyUid = transfer.Studies[i].StudyInstanceUid;
            var study = _grains.GetGrain<IStudyGrain>(StudyKey.Of(transfer.SourceFacilityId, studyUid));
            reads[i] = only is null ? study.GetManifest() : study.GetManifestOf(only.GetValueOrDefault(studyUid) ?? []);
        }
        return await Task.WhenAll(reads);
    }

    /// <summary>
    /// Which of <paramref name="hashes"/> no available instance of the transfer holds (a download may ask only for
    /// the others), and the largest chunk size of its studies. Each study checks just these hashes against its own
    /// index: the cost follows the request, not the size of the studies.
    /// </summary>
    public async Task<(IReadOnlyList<string> Unavailable, int ChunkSize)> FindUnavailableAsync(TransferRecord transfer, IReadOnlyList<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        IReadOnlyList<string> remaining = hashes;
        var chunkSize = 0;
        foreach (var study in transfer.Studies)
        {
            if (remaining.Count == 0)
                break;
            var answer = await _grains.GetGrain<IStudyGrain>(StudyKey.Of(transfer.SourceFacilityId, study.StudyInstanceUid)).FindUnavailableChunks(remaining);
            chunkSize = Math.Max(chunkSize, answer.ChunkSize);
            remaining = answer.Unavailable;
        }
        return (remaining, chunkSize);
    }
}
