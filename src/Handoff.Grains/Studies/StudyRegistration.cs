using Handoff.Contracts.Retention;

namespace Handoff.Grains.Studies;

/// <summary>
/// Keeps the chunk collector from deleting what a study declared. Before a write stores hashes this activation has not
/// announced, <see cref="AnnounceAsync"/> makes them visible: the first time, the study joins its facility's registry
/// (where the collector finds it) and gets its backstop retention reminder; during a sweep, the sweep is told not to
/// delete them. A declaration must not return before this, because the server asks the chunk store which declared
/// chunks it already has only afterwards, and a chunk deleted after that answer would be lost.
/// </summary>
internal sealed class StudyRegistration
{
    private readonly Func<IStudyRegistryGrain> _registry;
    private readonly Func<IChunkSweepGrain> _sweep;
    private readonly string _studyInstanceUid;
    private readonly Func<Task> _scheduleBackstop;

    /// <summary>The <see cref="ChunkIndex.Version"/> last announced; -1 when this activation has announced nothing.</summary>
    private long _announcedVersion = -1;

    /// <param name="registry">The facility's study registry.</param>
    /// <param name="sweep">The chunk collector's sweep.</param>
    /// <param name="studyInstanceUid">The study as the registry lists it.</param>
    /// <param name="scheduleBackstop">Registers the study's backstop retention reminder.</param>
    public StudyRegistration(Func<IStudyRegistryGrain> registry, Func<IChunkSweepGrain> sweep, string studyInstanceUid, Func<Task> scheduleBackstop)
    {
        _registry = registry;
        _sweep = sweep;
        _studyInstanceUid = studyInstanceUid;
        _scheduleBackstop = scheduleBackstop;
    }

    /// <summary>
    /// After activation: what a registered study stored was announced before it was stored, so its current version
    /// counts as announced; one stored before this study was ever registered announces on its next write.
    /// </summary>
    public void Loaded(StudyGrainState state, ChunkIndex chunks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(chunks);
        _announcedVersion = state.Registered ? chunks.Version : -1;
    }

    /// <summary>The study was cleared: whatever is declared from now on is a new study, announced afresh.</summary>
    public void Forget() => _announcedVersion = -1;

    /// <summary>Announces the study's hashes unless nothing changed since the last announcement; sets <see cref="StudyGrainState.Registered"/>.</summary>
    public async Task AnnounceAsync(StudyGrainState state, ChunkIndex chunks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(chunks);
        var version = chunks.Version;
        if (state.ChunkSize <= 0 || (state.Registered && version == _announcedVersion))
            return;
        if (!state.Registered)
        {
            await _registry().Add(_studyInstanceUid);
            await _scheduleBackstop();
            state.Registered = true;
        }

        var sweep = _sweep();
        if (await sweep.IsSweeping())
            await sweep.Protect(chunks.RetainedHashes());
        _announcedVersion = version;
    }
}
