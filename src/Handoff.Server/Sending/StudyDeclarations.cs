using Handoff.Contracts.Studies;

namespace Handoff.Server.Sending;

/// <summary>
/// A declaration, and what makes it the resume point: the grain learns the instances and answers which of their
/// chunks this study has not recorded as uploaded; any instance that is now complete (or was left unchecked by a
/// restart) is verified at once. The client gets only what is missing.
/// </summary>
/// <remarks>
/// The chunk store is not asked: it is shared by every facility, so a chunk it holds may be another facility's. A
/// sender that declared someone else's file and were told "nothing missing" would learn that the server holds it,
/// and its study would complete without a byte uploaded. What counts is what this study's own streams stored.
/// </remarks>
public sealed class StudyDeclarations
{
    private readonly IGrainFactory _grains;
    private readonly StudyChunkRecorders _recorders;

    public StudyDeclarations(IGrainFactory grains, StudyChunkRecorders recorders)
    {
        _grains = grains;
        _recorders = recorders;
    }

    public async Task<(IReadOnlyList<string> MissingChunkHashes, StudyStatusRecord Status)> DeclareAsync(
        string facilityId, string studyInstanceUid, DeclareStudyCommand command, CancellationToken cancellationToken)
    {
        var study = _grains.GetGrain<IStudyGrain>(StudyKey.Of(facilityId, studyInstanceUid));
        var declared = await study.Declare(command);
        using (var lease = _recorders.Acquire(facilityId, studyInstanceUid))
            await lease.Recorder.VerifyPendingAsync(cancellationToken);
        return (declared.OutstandingChunkHashes, await study.GetStatus());
    }
}
