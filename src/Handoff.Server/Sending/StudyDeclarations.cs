using Handoff.Contracts.Studies;
using Handoff.Storage.Chunks;

namespace Handoff.Server.Sending;

/// <summary>
/// A declaration, and what makes it the resume point: the grain learns the instances, the chunk store says which of
/// their chunks it already holds (from an earlier attempt, another study, a crash), the grain is told so, and any
/// instance that completes (or was left unchecked by a restart) is verified now. The client gets only what is missing.
/// </summary>
public sealed class StudyDeclarations
{
    private readonly IGrainFactory _grains;
    private readonly IChunkStore _store;
    private readonly StudyChunkRecorders _recorders;

    public StudyDeclarations(IGrainFactory grains, IChunkStore store, StudyChunkRecorders recorders)
    {
        _grains = grains;
        _store = store;
        _recorders = recorders;
    }

    public async Task<(IReadOnlyList<string> MissingChunkHashes, StudyStatusRecord Status)> DeclareAsync(
        string facilityId, string studyInstanceUid, DeclareStudyCommand command, CancellationToken cancellationToken)
    {
        var study = _grains.GetGrain<IStudyGrain>(StudyKey.Of(facilityId, studyInstanceUid));
        var declared = await study.Declare(command);
        var outstanding = declared.OutstandingChunkHashes;
        var missing = await _store.FindMissingAsync(outstanding, cancellationToken);
        var present = new List<string>(outstanding.Count - missing.Count);
        var missingInOrder = new List<string>(missing.Count);
        foreach (var hash in outstanding)
        {
            if (missing.Contains(hash))
                missingInOrder.Add(hash);
            else
                present.Add(hash);
        }
        using (var lease = _recorders.Acquire(facilityId, studyInstanceUid))
            await lease.Recorder.RecordPresentAsync(present, cancellationToken);
        return (missingInOrder, await study.GetStatus());
    }
}
