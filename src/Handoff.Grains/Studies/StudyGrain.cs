using Handoff.Contracts.Errors;
using Handoff.Contracts.Hashing;
using Handoff.Contracts.Retention;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Grains.Studies;

/// <summary>
/// One study held for one facility (key "{facility}/{studyUid}"). This grain orchestrates: declarations are checked
/// by <see cref="StudyDeclarations"/>, the instances and their chunks kept by <see cref="StudyInstances"/> and
/// <see cref="ChunkIndex"/>, the transfers that keep the study by <see cref="StudyHolds"/>, and those transfers are
/// told of progress by <see cref="ProgressNotifier"/>.
/// </summary>
/// <remarks>
/// How long a study is kept: attaching a transfer takes a hold, expiry or cancellation releases it, and the last
/// release clears the study at once (state, registry entry, reminder); the chunk collector then deletes the chunks
/// no other study uses. A backstop reminder clears a study nothing will release (see <see cref="StudyHolds"/>).
/// </remarks>
public sealed class StudyGrain : Grain, IStudyGrain, IRemindable
{
    internal const string RetentionReminder = "retention";

    private const int MissingNamedInErrors = 10;

    /// <summary>
    /// How long stored-chunk marks may live in memory only. They are this study's proof that its sender uploaded a
    /// chunk (the chunk store is shared by every facility, so its own answer proves nothing about who sent what):
    /// a restart forgets at most this much upload progress, which the sender then sends again.
    /// </summary>
    private static readonly TimeSpan StoredMarksWriteInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often stored bytes alone (no instance completed) are reported to the transfers.</summary>
    private static readonly TimeSpan StoredBytesNotifyInterval = TimeSpan.FromSeconds(1);

    /// <summary>Only matters when handling the reminder fails: Orleans fires it again after this period.</summary>
    private static readonly TimeSpan RetentionRetryPeriod = TimeSpan.FromHours(1);

    private readonly IPersistentState<StudyGrainState> _state;
    private readonly ILogger<StudyGrain> _logger;
    private readonly TransferRetentionOptions _retention;
    private readonly StudyLimitOptions _limits;
    private StudyInstances _instances = null!;
    private StudyHolds _holds = null!;
    private ProgressNotifier _notifier = null!;
    private StudyRegistration _registration = null!;
    private string _facilityId = "";
    private string _studyUid = "";
    private bool _storedMarksUnsaved;
    private DateTimeOffset _storedBytesNotifiedAt;
    private readonly ArrivalBoosts _arrivalBoosts = new();

    public StudyGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<StudyGrainState> state,
        IOptions<TransferRetentionOptions> retention,
        IOptions<StudyLimitOptions> limits,
        ILogger<StudyGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(limits);
        _state = state;
        _retention = retention.Value;
        _limits = limits.Value;
        _logger = logger;
    }

    private StudyGrainState State => _state.State;

    private bool IsDeclared => State.ChunkSize > 0;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_facilityId, _studyUid) = StudyKey.Parse(this.GetPrimaryKeyString());
        _notifier = new ProgressNotifier(_facilityId, _studyUid, Totals,
            (transferId, progress) => GrainFactory.GetGrain<ITransferGrain>(transferId).OnStudyProgress(progress), _logger,
            bytesStored: () => _instances.BytesStored(State.ChunkSize));
        _registration = new StudyRegistration(
            () => GrainFactory.GetGrain<IStudyRegistryGrain>(_facilityId), () => GrainFactory.GetGrain<IChunkSweepGrain>(0), _studyUid,
            () => ScheduleRetentionAsync(DateTimeOffset.UtcNow + _retention.Retention));
        Load();
        _registration.Loaded(State, _instances.Chunks);

        // A crash between this study's last write and its notification would leave a transfer behind for good;
        // a totals-only update on every activation brings each attached transfer back in step.
        if (IsDeclared)
            _notifier.Notify(_holds.Listeners, []);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            // A quiet deactivation (idle, shutdown) keeps the upload progress recorded since the last write.
            if (_storedMarksUnsaved && IsDeclared)
                await SaveAsync();
            await _notifier.Idle.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Deactivation cannot wait for ever; the next activation sends every transfer fresh totals.
        }
    }

    public Task<bool> Exists() => Task.FromResult(IsDeclared);

    public Task<DeclaredChunks> GetDeclaredChunks(Guid knownEpoch, long knownVersion) =>
        Task.FromResult(knownEpoch == _instances.Chunks.Epoch && knownVersion == _instances.Chunks.Version
            ? new DeclaredChunks(knownEpoch, knownVersion, [], [], Unchanged: true)
            : _instances.Chunks.Declared());

    public Task<DeclaredChunkPosition?> FindDeclaredChunk(string chunkHash)
    {
        if (!Sha256Hex.IsValid(chunkHash) || _instances.Chunks.FirstPosition(Sha256Hex.Normalize(chunkHash)) is not { } first)
            return Task.FromResult<DeclaredChunkPosition?>(null);
        var instance = _instances.Find(first.SopInstanceUid)!;
        var length = ChunkLayout.LengthAt(instance.Size, State.ChunkSize, first.Position);
        return Task.FromResult<DeclaredChunkPosition?>(new DeclaredChunkPosition(instance.SopInstanceUid, instance.SourceName, first.Position, length));
    }

    public Task<StudyStatusRecord> GetStatus() => Task.FromResult(Status());

    public Task<StudyManifest> GetManifest() => Task.FromResult(Manifest(_instances.All));

    public Task<StudyManifest> GetManifestOf(IReadOnlyList<string> sopInstanceUids)
    {
        ArgumentNullException.ThrowIfNull(sopInstanceUids);
        var named = new List<StudyInstanceState>(sopInstanceUids.Count);
        foreach (var uid in sopInstanceUids)
        {
            if (_instances.Find(uid) is { } instance)
                named.Add(instance);
        }
        return Task.FromResult(Manifest(named));
    }

    private StudyManifest Manifest(IReadOnlyList<StudyInstanceState> listed)
    {
        var instances = listed.Select(i => new ManifestInstance(
            i.SopInstanceUid, i.SopClassUid, i.SeriesInstanceUid, i.Size, i.ChunkHashes, i.ContentHash, i.Verified, i.InstanceNumber)).ToArray();
        return new StudyManifest(_studyUid, Status(), State.Metadata, State.Series.ToArray(), instances, State.ChunkSize);
    }

    public Task<ChunkAvailability> FindUnavailableChunks(IReadOnlyList<string> chunkHashes)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        var unavailable = new List<string>();
        foreach (var hash in chunkHashes)
        {
            if (!_instances.Chunks.IsInVerifiedInstance(hash))
                unavailable.Add(hash);
        }
        return Task.FromResult(new ChunkAvailability(unavailable, State.ChunkSize));
    }

    public Task<IReadOnlyList<string>> GetRetainedChunkHashes() => Task.FromResult(_instances.Chunks.RetainedHashes());

    public Task SetArrivalBoost(Guid transferId, bool behind)
    {
        _arrivalBoosts.Set(transferId, behind, DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    }

    public Task<bool> IsArrivalBoosted() => Task.FromResult(_arrivalBoosts.Any(DateTimeOffset.UtcNow, ArrivalBoostLifetime));

    /// <summary>A boost its transfer stops renewing (every arrival check while behind) lapses after two checks.</summary>
    private TimeSpan ArrivalBoostLifetime => 2 * (ServiceProvider.GetService<IOptions<ArrivalOptions>>()?.Value ?? new ArrivalOptions()).CheckInterval;

    public Task<IReadOnlyList<PendingInstance>> GetPendingInstances() => Task.FromResult<IReadOnlyList<PendingInstance>>(_instances.Pending());

    public async Task<DeclareStudyResult> Declare(DeclareStudyCommand command)
    {
        var declared = StudyDeclarations.Validate(command, State.ChunkSize);
        var added = StudyDeclarations.NewInstances(declared, command.ChunkSize, _instances);
        if (_instances.Count + added.Count > _limits.MaxInstancesPerStudy)
            throw StudyDeclarations.TooManyInstances(_studyUid, _instances.Count, added.Count, _limits.MaxInstancesPerStudy);
        StudyExpectations.Validate(command, _studyUid, _limits.MaxInstancesPerStudy);

        // What a PACS said to expect: a study already declared (and maybe complete) learns it without new instances.
        if (added.Count == 0 && IsDeclared && StudyExpectations.Apply(command, State))
        {
            await SaveAsync();
            _notifier.Notify(_holds.Listeners, []);
        }

        if (added.Count > 0)
        {
            StudyExpectations.Apply(command, State);
            if (!IsDeclared)
            {
                State.ChunkSize = command.ChunkSize;
                State.CreatedAt = DateTimeOffset.UtcNow;
            }

            _instances.Add(command.ChunkSize, added);
            State.Completed = false;
            await SaveAsync();
            StudyLog.Declared(_logger, _facilityId, _studyUid, added.Count, _instances.Count);

            // New instances reopen a completed study; transfers learn it is receiving again.
            _notifier.Notify(_holds.Listeners, []);
        }

        return new DeclareStudyResult(_instances.Outstanding(), Status());
    }

    /// <summary>
    /// Called for every batch of stored chunks (thousands per large study), so it writes the state at most every
    /// <see cref="StoredMarksWriteInterval"/>: instance verdicts write it far more often while small instances arrive,
    /// and a large instance's chunks are written at that pace until it completes.
    /// </summary>
    public async Task<IReadOnlyList<PendingInstance>> RecordStoredChunks(IReadOnlyList<string> chunkHashes)
    {
        if (chunkHashes is null)
            throw DomainException.Invalid("chunkHashes is required");
        var pending = _instances.MarkStored(chunkHashes, out var changed);
        _storedMarksUnsaved |= changed;
        if (_storedMarksUnsaved && DateTimeOffset.UtcNow - State.UpdatedAt >= StoredMarksWriteInterval)
            await SaveAsync();
        NotifyBytesStored(changed);
        return pending;
    }

    public async Task<StudyStatusRecord> RecordVerifiedInstances(IReadOnlyList<VerifiedInstance> instances)
    {
        if (instances is null)
            throw DomainException.Invalid("instances is required");
        foreach (var verified in instances)
        {
            if (verified?.SopInstanceUid is null || _instances.Find(verified.SopInstanceUid) is null)
                throw DomainException.NotFound($"SOP Instance UID {verified?.SopInstanceUid} is not declared in study {_studyUid}");
        }

        var newlyAvailable = instances.Where(_instances.Verify).Select(v => v.SopInstanceUid).ToList();
        if (newlyAvailable.Count > 0)
        {
            await SaveAsync();
            StudyLog.Verified(_logger, _facilityId, _studyUid, newlyAvailable.Count);
            _notifier.Notify(_holds.Listeners, newlyAvailable);
        }

        return Status();
    }

    public async Task<StudyStatusRecord> RecordRejectedInstances(IReadOnlyList<InstanceProblem> problems)
    {
        if (problems is null)
            throw DomainException.Invalid("problems is required");
        var changed = false;
        foreach (var problem in problems)
        {
            if (problem is null || string.IsNullOrEmpty(problem.SopInstanceUid))
                continue;
            if (!_instances.Reject(problem))
            {
                StudyLog.RejectionOfVerifiedIgnored(_logger, _facilityId, _studyUid, problem.SopInstanceUid);
                continue;
            }

            changed = true;
            StudyLog.Rejected(_logger, _facilityId, _studyUid, problem.SopInstanceUid);
        }

        if (changed)
        {
            await SaveAsync();
            _notifier.Notify(_holds.Listeners, []);
        }

        return Status();
    }

    public async Task<StudyStatusRecord> Complete()
    {
        RequireExists();
        if (_instances.Count == 0)
            throw DomainException.WrongState($"study {_studyUid} has no instances to accept ({State.Problems.Count} were refused)");
        var missing = _instances.Unverified();
        if (missing.Count > 0)
        {
            var named = string.Join(", ", missing.Take(MissingNamedInErrors));
            var more = missing.Count > MissingNamedInErrors ? $" and {missing.Count - MissingNamedInErrors} more" : "";
            throw DomainException.WrongState(
                $"study {_studyUid} is not complete: {missing.Count} of {_instances.Count} instances are not uploaded and verified yet: {named}{more}");
        }

        if (!State.Completed)
        {
            State.Completed = true;
            await SaveAsync();
            StudyLog.Completed(_logger, _facilityId, _studyUid, _instances.Count);
        }

        // Even when already complete: a retried Complete is how a sender recovers a notification lost in a crash.
        _notifier.Notify(_holds.Listeners, []);
        return Status();
    }

    public async Task<StudyStatusRecord> AttachTransfer(Guid transferId)
    {
        RequireExists();
        if (_holds.Attach(transferId, DateTimeOffset.UtcNow + _retention.Retention))
            await SaveAsync();
        return Status();
    }

    public async Task DetachTransfer(Guid transferId)
    {
        if (_holds.Detach(transferId))
            await SaveAsync();
    }

    public async Task ReleaseTransfer(Guid transferId)
    {
        switch (_holds.Release(transferId))
        {
            case HoldRelease.StillHeld:
                await SaveAsync();
                break;
            case HoldRelease.LastReleased:
                var instances = _instances.Count;
                try
                {
                    await Audit.RetentionAudit.RecordAsync(GrainFactory, "study.expire", "study", _studyUid, _facilityId, [_facilityId],
                        $"the last transfer holding it ({transferId}) ended; {instances} instance(s) deleted");
                }
                catch
                {
                    DeactivateOnIdle(); // the hold released in memory only: the transfer's retry finds it stored and tries again
                    throw;
                }
                await ClearAsync();
                StudyLog.Released(_logger, _facilityId, _studyUid, transferId, instances);
                break;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
            return;
        if (!IsDeclared)
        {
            await UnregisterRetentionReminderAsync();
            return;
        }

        var until = _holds.RetainedUntil(State.UpdatedAt, _retention.Retention);
        if (!StudyHolds.HasEnded(until, DateTimeOffset.UtcNow))
        {
            await ScheduleRetentionAsync(until);
            return;
        }

        var (instances, holds) = (_instances.Count, _holds.Count);
        await Audit.RetentionAudit.RecordAsync(GrainFactory, "study.expire", "study", _studyUid, _facilityId, [_facilityId],
            $"retention ended; {instances} instance(s) deleted");
        await ClearAsync();
        StudyLog.Expired(_logger, _facilityId, _studyUid, holds, instances);
    }

    /// <summary>
    /// Tells the transfers how many bytes are stored, at most once per <see cref="StoredBytesNotifyInterval"/>: their
    /// arrival forecast measures the upload rate from it, also while one large instance is still arriving.
    /// </summary>
    private void NotifyBytesStored(bool changed)
    {
        var now = DateTimeOffset.UtcNow;
        if (!changed || now - _storedBytesNotifiedAt < StoredBytesNotifyInterval)
            return;
        _storedBytesNotifiedAt = now;
        _notifier.Notify(_holds.Listeners, []);
    }

    /// <summary>The helpers over the stored state, built again whenever the state object is replaced.</summary>
    private void Load()
    {
        _instances = new StudyInstances(State);
        _holds = new StudyHolds(State);
    }

    private StudyStatusRecord Status()
    {
        var (verified, bytesDeclared, bytesVerified) = _instances.Totals();
        return new StudyStatusRecord(
            _studyUid, State.Completed ? StudyState.Complete : StudyState.Receiving, _instances.Count, verified,
            bytesDeclared, bytesVerified, State.Series.Count, State.Problems.ToArray());
    }

    private TransferStudyRecord Totals()
    {
        var (verified, bytesDeclared, _) = _instances.Totals();
        // Gaps only once completed (the only time Describe reads them): finding them sorts every series' numbers, and
        // this runs on every progress batch and every second of stored bytes, on the grain that stores the chunks.
        var series = StudySeriesDigest.Build(State, withGaps: State.Completed);
        return new TransferStudyRecord(_studyUid, _instances.Count, verified, bytesDeclared, State.Completed)
        {
            Patients = State.PatientKeys.Count,
            Digest = new StudyDigest(State.Metadata, series),
            Incomplete = StudyCompleteness.Describe(State.Completed, State.ExpectedInstances, verified, series),
        };
    }

    private void RequireExists()
    {
        if (!IsDeclared)
            throw DomainException.NotFound($"study {_studyUid} not found for facility '{_facilityId}'");
    }

    /// <summary>
    /// Every write goes through here, and announces new chunk hashes first (<see cref="StudyRegistration"/>): a declaration
    /// must not return before the chunk collector can see what it declared.
    /// </summary>
    private async Task SaveAsync()
    {
        State.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await _registration.AnnounceAsync(State, _instances.Chunks);
            await _state.WriteStateAsync();
            _storedMarksUnsaved = false;
        }
        catch
        {
            // Memory now holds a change storage does not: drop the activation so the next call reloads what is stored.
            this.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Forgets the study: state first, then the registry entry. A failure after the state is gone leaves a registry
    /// entry that keeps nothing alive, never a stored study the collector cannot see. The chunks stay for the collector.
    /// </summary>
    private async Task ClearAsync()
    {
        try
        {
            await _state.ClearStateAsync();
        }
        catch
        {
            this.DeactivateOnIdle();
            throw;
        }

        // From here this is a study never declared: declaring the same UID again starts a new one, announced afresh.
        _state.State = new StudyGrainState();
        Load();
        _notifier.Clear();
        _registration.Forget();
        try
        {
            await GrainFactory.GetGrain<IStudyRegistryGrain>(_facilityId).Remove(_studyUid);
        }
        catch (Exception exception)
        {
            StudyLog.UnregisterFailed(_logger, exception, _facilityId, _studyUid);
        }

        await UnregisterRetentionReminderAsync();
    }

    private Task ScheduleRetentionAsync(DateTimeOffset at) =>
        this.RegisterOrUpdateReminder(RetentionReminder, ReminderDue.Until(at, DateTimeOffset.UtcNow), RetentionRetryPeriod);

    private async Task UnregisterRetentionReminderAsync()
    {
        try
        {
            var reminder = await this.GetReminder(RetentionReminder);
            if (reminder is not null)
                await this.UnregisterReminder(reminder);
        }
        catch (Exception exception)
        {
            // A reminder left behind fires on a study with nothing declared, which unregisters it then.
            StudyLog.ReminderCleanupFailed(_logger, exception, _facilityId, _studyUid);
        }
    }
}
