namespace Handoff.Contracts.Studies;

/// <summary>
/// One study held for one facility (key: <see cref="StudyKey"/>). It knows the declared instances, which are
/// complete and verified, their content hashes, the indexed metadata, and the transfers that carry the study.
/// It never sees bytes: the upload service stores and verifies chunks, reads headers, and reports here.
/// </summary>
public interface IStudyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Declares (more) instances. Re-declaring an instance with the same size and chunks is a no-op; with other
    /// content it is ALREADY_EXISTS naming the SOP Instance UID. A different chunk size than the study's is INVALID_ARGUMENT.
    /// </summary>
    Task<DeclareStudyResult> Declare(DeclareStudyCommand command);

    /// <summary>False when nothing was ever declared here (the study does not exist for this facility).</summary>
    [ReadOnly]
    Task<bool> Exists();

    /// <summary>Every chunk hash of the declared instances: what an upload stream for this study may carry.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetDeclaredChunkHashes();

    /// <summary>Records chunks now in the chunk store; returns the instances this made complete (to be verified).</summary>
    Task<IReadOnlyList<PendingInstance>> RecordStoredChunks(IReadOnlyList<string> chunkHashes);

    /// <summary>Instances whose chunks are all stored but are neither verified nor rejected (after a restart, say).</summary>
    [ReadOnly]
    Task<IReadOnlyList<PendingInstance>> GetPendingInstances();

    /// <summary>Marks instances verified and downloadable, and tells the transfers carrying this study.</summary>
    Task<StudyStatusRecord> RecordVerifiedInstances(IReadOnlyList<VerifiedInstance> instances);

    /// <summary>Removes refused instances from the study (their chunks stay: other studies may share them) and records why.</summary>
    Task<StudyStatusRecord> RecordRejectedInstances(IReadOnlyList<InstanceProblem> problems);

    /// <summary>Accepts the study when every declared instance is verified; FAILED_PRECONDITION naming what is missing otherwise.</summary>
    Task<StudyStatusRecord> Complete();

    [ReadOnly]
    Task<StudyStatusRecord> GetStatus();

    [ReadOnly]
    Task<StudyManifest> GetManifest();

    /// <summary>A transfer now carries this study: it will be told of every instance that becomes available.</summary>
    Task<StudyStatusRecord> AttachTransfer(Guid transferId);

    Task DetachTransfer(Guid transferId);
}
