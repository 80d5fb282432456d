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

    /// <summary>
    /// Every chunk hash of the declared instances with the length its chunk must have: what an upload stream for this
    /// study may carry. A caller that already holds the state named by <paramref name="knownEpoch"/> and
    /// <paramref name="knownVersion"/> gets <see cref="DeclaredChunks.Unchanged"/> instead of a copy.
    /// </summary>
    [ReadOnly]
    Task<DeclaredChunks> GetDeclaredChunks(Guid knownEpoch, long knownVersion);

    /// <summary>Where a hash is first declared (instance, position, required length), for messages; null when nowhere.</summary>
    [ReadOnly]
    Task<DeclaredChunkPosition?> FindDeclaredChunk(string chunkHash);

    /// <summary>
    /// Records chunks an upload stream of this study stored after checking each against its declared length; returns
    /// the instances this made complete (to be verified). Hashes not declared here are ignored.
    /// </summary>
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

    /// <summary>
    /// The manifest with only the named instances (those the study does not hold are left out): a receiver that
    /// learns of new instances one event at a time asks for those, not for the whole study again.
    /// </summary>
    [ReadOnly]
    Task<StudyManifest> GetManifestOf(IReadOnlyList<string> sopInstanceUids);

    /// <summary>The hashes (lowercase hex) no verified instance of this study holds: a download may ask only for the others.</summary>
    [ReadOnly]
    Task<ChunkAvailability> FindUnavailableChunks(IReadOnlyList<string> chunkHashes);

    /// <summary>
    /// A transfer now carries this study: it will be told of every instance that becomes available, and the study (state
    /// and chunks) is kept at least until that transfer releases it.
    /// </summary>
    Task<StudyStatusRecord> AttachTransfer(Guid transferId);

    /// <summary>A settled (e.g. acknowledged) transfer stops listening; it still holds the study until it is released.</summary>
    Task DetachTransfer(Guid transferId);

    /// <summary>
    /// The transfer expired or was cancelled: it neither listens to nor holds this study any more. When the last
    /// holding transfer lets go, the study clears its state and leaves its facility's registry; the chunk collector
    /// then deletes the chunks no other study uses. Unknown transfers and cleared studies are a no-op.
    /// </summary>
    Task ReleaseTransfer(Guid transferId);

    /// <summary>
    /// Every chunk hash this study keeps in the store: those of its declared instances, and those it was told are stored
    /// since it was activated (a later declaration may count on them). What the chunk collector must not delete.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetRetainedChunkHashes();

    /// <summary>
    /// A transfer carrying this study is (or no longer is) behind the patient's expected arrival: while any is, the
    /// server stores this study's chunks one priority class up. Kept in memory only: a boost is for now, and the
    /// transfer says it again when its verdict changes.
    /// </summary>
    Task SetArrivalBoost(Guid transferId, bool behind);

    /// <summary>Whether a transfer carrying this study is behind its patient's arrival (see <see cref="SetArrivalBoost"/>).</summary>
    [ReadOnly]
    Task<bool> IsArrivalBoosted();
}
