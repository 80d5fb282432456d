using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Receipts;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Grains.Transfers;

/// <summary>
/// Moving studies from a source facility to a destination (key: the transfer id). This grain orchestrates: which
/// status changes are allowed is <see cref="TransferStateMachine"/>'s, the event log and its watchers are
/// <see cref="TransferTimeline"/>'s, the carried studies and their totals <see cref="TransferStudies"/>', the
/// destination's proof <see cref="ReceiptComparison"/>'s. Creating and adding studies are idempotent by request id;
/// cancelling and expiring release the studies, which clear themselves once no transfer holds them, while the
/// transfer itself stays readable for good: its timeline and acknowledgement are the record of what was sent.
/// </summary>
/// <remarks>
/// Federation: a destination "facility@network" is a facility of a peer network. Such a transfer is relayed there by
/// <see cref="IRelayGrain"/>, which records what it sees here (<see cref="RecordRelay"/>); the destination's download
/// and acknowledgement come back as <see cref="MarkDownloaded"/> and <see cref="Acknowledge"/> with the remote
/// facility as actor, so the source sees the same states and the destination's proof.
/// </remarks>
public sealed partial class TransferGrain : Grain, ITransferGrain, IRemindable
{
    /// <summary>The actor of events nobody asked for, such as expiry.</summary>
    internal const string SystemActor = "system";

    internal const string ExpiryReminder = "expire";

    private const int MaxDetailLength = 500;

    /// <summary>
    /// Only matters when handling the reminder fails, or a study could not be released: Orleans then fires it again
    /// after this period (at least its one-minute minimum). Once every study is released the reminder is unregistered.
    /// </summary>
    private static readonly TimeSpan ExpiryRetryPeriod = TimeSpan.FromHours(1);

    private readonly IPersistentState<TransferGrainState> _state;
    private readonly TransferRetentionOptions _options;
    private readonly ILogger<TransferGrain> _logger;
    private TransferStateMachine _status = null!;
    private TransferTimeline _timeline = null!;
    private TransferStudies _studies = null!;
    private CarriedStudyCalls _carried = null!;
    private TransferEnds _ends = null!;

    public TransferGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<TransferGrainState> state,
        IOptions<TransferRetentionOptions> options,
        ILogger<TransferGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options.Value;
        _logger = logger;
    }

    private TransferGrainState State => _state.State;

    private Guid TransferId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _status = new TransferStateMachine(TransferId, State);
        _timeline = new TransferTimeline(TransferId, State.Timeline);
        _studies = new TransferStudies(State.Studies);
        _carried = new CarriedStudyCalls((facility, uid) => GrainFactory.GetGrain<IStudyGrain>(StudyKey.Of(facility, uid)), TransferId, _logger);
        _ends = new TransferEnds(facility => GrainFactory.GetGrain<IFacilityGrain>(facility), TransferId, _logger);
        KeepArrivalWatched();
        return Task.CompletedTask;
    }

    public Task<TransferRecord?> Get() => Task.FromResult(State.Created ? Record() : null);

    public Task<IReadOnlyList<TransferEventRecord>> WaitForEvents(long afterSequence, TimeSpan timeout) =>
        _timeline.WaitForEventsAsync(afterSequence, timeout);

    public async Task<TransferRecord> Create(CreateTransferCommand command)
    {
        if (command is null)
            throw DomainException.Invalid("a create command is required");
        if (State.Created)
        {
            if (command.RequestId != State.RequestId || command.SourceFacilityId != State.SourceFacilityId)
                throw DomainException.AlreadyExists($"transfer {TransferId} already exists");
            await StartRelayIfRemoteAsync(); // a retry also repairs a relay whose start failed the first time
            await ScheduleArrivalAsync(); // ... and an arrival reminder whose registration failed
            return Record();
        }

        var studies = TransferRequests.ValidateCreate(command);
        await _ends.RequireUsableAsync(command.SourceFacilityId, command.DestinationFacilityId);
        await _carried.RequireExistAsync(command.SourceFacilityId, studies);
        var totals = await _carried.AttachAsync(command.SourceFacilityId, studies);

        // Everything that can fail outside this grain happens before the state changes, so a failure leaves no
        // half-created transfer in memory and a retry of the same command starts again cleanly.
        var now = DateTimeOffset.UtcNow;
        var expiresAt = now + _options.Retention;
        await ScheduleExpiryAsync(expiresAt);
        await _ends.AddToMailboxesAsync(command.SourceFacilityId, command.DestinationFacilityId);

        State.Created = true;
        State.RequestId = command.RequestId;
        State.SourceFacilityId = command.SourceFacilityId;
        State.DestinationFacilityId = command.DestinationFacilityId;
        State.Priority = command.Priority;
        State.Reason = command.Reason ?? "";
        State.ExpectedArrival = command.ExpectedArrival;
        State.SourcePatientIdIssuer = command.SourcePatientIdIssuer ?? "";
        State.TraceParent = command.TraceParent is { Length: <= 128 } traceParent ? traceParent : "";
        State.CreatedBy = command.Actor ?? "";
        State.CreatedAt = now;
        State.ExpiresAt = expiresAt;
        State.AppliedRequestIds.Add(command.RequestId);
        _studies.AddRange(totals);
        _status.Start();
        Append(TransferEventKind.Created, State.CreatedBy, detail: $"{totals.Count} studies, priority {State.Priority}");
        AppendCompleted(totals, State.SourceFacilityId);
        BecomeAvailableIfComplete();
        CheckCompleteness();
        await CommitAsync();
        LogCreated(TransferId, State.SourceFacilityId, State.DestinationFacilityId, State.Priority, totals.Count, _status.Status);
        TransferMetrics.TransferCreated(State.Priority);
        TransferMetrics.StateEntered(_status.Status, State.Priority);
        await StartRelayIfRemoteAsync();
        await ScheduleArrivalAsync();
        return Record();
    }

    public async Task<TransferRecord> AddStudies(string requestId, IReadOnlyList<string> studyInstanceUids, string actor)
    {
        RequireCreated();
        if (string.IsNullOrWhiteSpace(requestId))
            throw DomainException.Invalid("requestId is required");
        if (State.AppliedRequestIds.Contains(requestId))
            return Record();
        if (Actors.FacilityOf(actor) != State.SourceFacilityId)
            throw DomainException.Denied($"only the source facility '{State.SourceFacilityId}' can add studies to transfer {TransferId}");
        _status.RequireOpen("studies can no longer be added");
        var added = _studies.NotCarried(TransferRequests.ValidateStudyList(studyInstanceUids));
        await _carried.RequireExistAsync(State.SourceFacilityId, added);
        var totals = await _carried.AttachAsync(State.SourceFacilityId, added);

        State.AppliedRequestIds.Add(requestId);
        if (totals.Count > 0)
        {
            // New studies mean new content for the destination: see TransferStateMachine.StudiesAdded.
            var redelivered = _status.StudiesAdded(anyIncomplete: totals.Exists(s => !s.Complete));
            _studies.AddRange(totals);
            foreach (var study in totals)
            {
                Append(TransferEventKind.StudyAdded, actor, study.StudyInstanceUid, detail: $"{study.InstancesDeclared} instances");
                AppendCompleted([study], actor);
            }

            if (redelivered)
                Append(TransferEventKind.Available, actor, detail: "added studies are ready to download");
            BecomeAvailableIfComplete();
            CheckCompleteness();
        }

        await CommitAsync();
        return Record();
    }

    public async Task OnStudyProgress(StudyProgress progress)
    {
        // A study may report to a transfer that never finished being created, or that is already settled.
        if (!State.Created || _status.IsFinal || progress?.Totals is null)
            return;
        var statusBefore = _status.Status;
        var eventsBefore = _timeline.Count;
        if (_studies.Update(progress.StudyInstanceUid, progress.Totals) is not { } change)
            return;
        var (before, after) = change;
        ObserveArrival(progress);

        // New instances declared into a complete study reopen it: the destination has more to wait for.
        if (before.Complete && !after.Complete)
            _status.Reopen();
        var firstInstance = progress.NewlyAvailableSopInstanceUids is { Count: > 0 } && !_timeline.Has(TransferEventKind.InstanceAvailable);
        foreach (var sopInstanceUid in progress.NewlyAvailableSopInstanceUids ?? [])
            Append(TransferEventKind.InstanceAvailable, State.SourceFacilityId, after.StudyInstanceUid, sopInstanceUid);
        TransferMetrics.InstancesAvailable(progress.NewlyAvailableSopInstanceUids?.Count ?? 0, State.Priority);
        if (firstInstance)
            TransferMetrics.FirstInstanceAvailable(State.Priority, DateTimeOffset.UtcNow - State.CreatedAt);
        if (after.Complete && !before.Complete)
            AppendCompleted([after], State.SourceFacilityId);
        if (after.Patients > 1 && after.Patients > before.Patients)
        {
            Append(TransferEventKind.PatientMismatch, State.SourceFacilityId, after.StudyInstanceUid,
                detail: $"the instances of this study name {after.Patients} different patients (Patient ID): it must not be filed as one patient's");
        }
        BecomeAvailableIfComplete();
        CheckCompleteness();
        JudgeArrival(DateTimeOffset.UtcNow);

        // Repeated totals (a study's activation resends them) change nothing and cost no write.
        if (after == before && _status.Status == statusBefore && _timeline.Count == eventsBefore)
            return;
        await CommitAsync();
        if (_status.Status != statusBefore)
            OnStateEntered();
    }

    public async Task<TransferRecord> Cancel(string actor, string reason)
    {
        RequireCreated();
        if (Actors.FacilityOf(actor) != State.SourceFacilityId)
            throw DomainException.Denied($"only the source facility '{State.SourceFacilityId}' can cancel transfer {TransferId}");
        if (!_status.Cancel())
            return Record();
        var detail = reason ?? "";
        Append(TransferEventKind.Cancelled, actor, detail: detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail);
        await CommitAsync();
        OnStateEntered();

        // Nobody may download a cancelled transfer, so it keeps nothing; a release that fails is retried at expiry.
        await _carried.ReleaseAllAsync(State.SourceFacilityId, _studies.Uids());
        return Record();
    }

    public async Task<TransferRecord> MarkDownloaded(string actor)
    {
        RequireCreated();
        if (Actors.FacilityOf(actor) != State.DestinationFacilityId)
            throw DomainException.Denied($"only the destination facility '{State.DestinationFacilityId}' can mark transfer {TransferId} downloaded");
        if (!_status.MarkDownloaded())
            return Record();
        Append(TransferEventKind.Downloaded, actor);
        await CommitAsync();
        OnStateEntered();
        return Record();
    }

    public async Task<AcknowledgeResult> Acknowledge(string actor, IReadOnlyList<InstanceReceipt> receipts, PacsDeliveryRecord? delivery = null, SignedReceiptRecord? signedReceipt = null)
    {
        RequireCreated();
        if (Actors.FacilityOf(actor) != State.DestinationFacilityId)
            throw DomainException.Denied($"only the destination facility '{State.DestinationFacilityId}' can acknowledge transfer {TransferId}");
        if (receipts is null)
            throw DomainException.Invalid("receipts is required");
        _status.RequireAcknowledgeable();

        var expected = await _carried.ExpectedContentHashesAsync(State.SourceFacilityId, _studies.Uids());
        var comparison = ReceiptComparison.Compare(expected, receipts);
        if (delivery is not null && (delivery.InstancesStored < 0 || delivery.InstancesStored > expected.Count))
            throw DomainException.Invalid($"the PACS cannot have stored {delivery.InstancesStored} of the {expected.Count} instances of transfer {TransferId}");
        if (comparison.Accepted)
        {
            var receiptHash = ReceiptComparison.ReceiptHash(expected);
            if (signedReceipt is not null && !Contracts.Hashing.Sha256Hex.SameValue(signedReceipt.ReceiptHash, receiptHash))
                throw DomainException.Invalid($"the signed receipt's hash {signedReceipt.ReceiptHash} is not transfer {TransferId}'s receipt hash {receiptHash}");

            // A repeated acknowledgement finds the transfer acknowledged and returns the record as it stands.
            if (_status.Acknowledge())
            {
                State.Acknowledgement = new AcknowledgementRecord(Actors.FacilityOf(actor), DateTimeOffset.UtcNow, expected.Count, receiptHash, delivery, signedReceipt);
                var stored = delivery is null ? "" : "; " + PacsDeliveryText.Describe(delivery);
                Append(TransferEventKind.Acknowledged, actor, detail: $"{expected.Count} instances confirmed, receipt hash {receiptHash}{stored}");
                await CommitAsync();
                OnStateEntered();
                TransferMetrics.Acknowledged(State.Priority, DateTimeOffset.UtcNow - State.CreatedAt);
                TransferMetrics.InstancesConfirmed(expected.Count, State.Priority);
                await _carried.DetachAllAsync(State.SourceFacilityId, _studies.Uids());
            }

            return new AcknowledgeResult(true, Record(), [], [], []);
        }

        if (_status.Status != TransferStatus.Acknowledged)
        {
            Append(TransferEventKind.AcknowledgementMismatch, actor, detail: comparison.Describe());
            await CommitAsync();
            LogMismatch(TransferId, comparison.Mismatched.Count, comparison.Missing.Count, comparison.Unexpected.Count);
        }

        return new AcknowledgeResult(false, Record(), comparison.Mismatched, comparison.Missing, comparison.Unexpected);
    }

    public async Task<TransferRecord> RecordDeliveryWaiting(string actor, string detail)
    {
        RequireCreated();
        if (Actors.FacilityOf(actor) != State.DestinationFacilityId)
            throw DomainException.Denied($"only the destination facility '{State.DestinationFacilityId}' can report delivery of transfer {TransferId}");
        var reason = (detail ?? "").Trim();
        if (reason.Length == 0)
            throw DomainException.Invalid("a delivery-waiting detail is required");
        if (reason.Length > MaxDetailLength)
            reason = reason[..MaxDetailLength];
        // A gateway may still be retrying when the transfer was acknowledged (by another gateway) or cancelled.
        if (_status.IsFinal || !_timeline.IsNewDeliveryWaiting(reason))
            return Record();
        Append(TransferEventKind.DeliveryWaiting, actor, detail: reason);
        await CommitAsync();
        return Record();
    }

    public async Task<TransferRecord> Reconcile(string actor, PatientReconciliationRecord reconciliation)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        RequireCreated();
        if (Actors.FacilityOf(actor) != State.DestinationFacilityId)
            throw DomainException.Denied($"only the destination facility '{State.DestinationFacilityId}' can reconcile the patient of transfer {TransferId}");
        if (_status.IsFinal)
            throw DomainException.WrongState($"transfer {TransferId} is {_status.Status}: its instances are no longer delivered, so there is nothing to reconcile");
        if (State.Reconciliation is { } known && known with { By = reconciliation.By, At = reconciliation.At } == reconciliation)
            return Record(); // the same identity again: a retry
        State.Reconciliation = reconciliation;
        // The timeline is read by both facilities and by operators: it says that, and by whom, never the identity.
        Append(TransferEventKind.Reconciled, actor, detail: $"local patient identity set (issuer {reconciliation.IssuerOfPatientId})");
        await CommitAsync();
        return Record();
    }

    public async Task RecordRelay(TransferEventKind kind, string actor, string detail)
    {
        RequireCreated();
        if (!TransferTimeline.RelayKinds.Contains(kind))
            throw DomainException.Invalid($"{kind} is not a relay event");
        if (!TransferEnds.IsRemote(State.DestinationFacilityId))
            throw DomainException.WrongState($"transfer {TransferId} goes to a local facility; it is not relayed");
        if (_status.IsFinal)
            return;

        if (!_timeline.IsNewRelayEvent(kind, detail))
            return;
        Append(kind, actor, detail: detail);
        await CommitAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ArrivalReminder)
        {
            await OnArrivalReminderAsync();
            return;
        }
        if (reminderName != ExpiryReminder)
            return;
        if (State.Created && _status.Status != TransferStatus.Expired && DateTimeOffset.UtcNow < State.ExpiresAt - TimeSpan.FromSeconds(1))
        {
            await ScheduleExpiryAsync(State.ExpiresAt);
            return;
        }

        // Released before the event, so whoever sees Expired sees the studies let go; the event does not wait for a
        // study that cannot be reached: the reminder stays and the release is retried an hour later.
        var released = !State.Created || await _carried.ReleaseAllAsync(State.SourceFacilityId, _studies.Uids());
        if (State.Created && _status.Status != TransferStatus.Expired)
            await Audit.RetentionAudit.RecordAsync(GrainFactory, "transfer.expire", "transfer", TransferId.ToString(), State.SourceFacilityId,
                [State.SourceFacilityId, State.DestinationFacilityId], $"retention ended at {State.ExpiresAt:O}");
        if (State.Created && _status.Expire())
        {
            Append(TransferEventKind.Expired, SystemActor, detail: $"retention ended at {State.ExpiresAt:O}");
            await CommitAsync();
            OnStateEntered();
        }

        if (!released)
            return;
        var reminder = await this.GetReminder(ExpiryReminder);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }

    /// <summary>A snapshot: the record is immutable to Orleans, so it must not share the grain's mutable lists.</summary>
    private TransferRecord Record() => new(
        TransferId, State.SourceFacilityId, State.DestinationFacilityId, State.Priority, State.Reason, State.ExpectedArrival,
        _status.Status, State.CreatedAt, State.UpdatedAt, State.ExpiresAt, _studies.ToArray(), _timeline.ToArray(),
        State.Acknowledgement)
    {
        Reconciliation = State.Reconciliation,
        SourcePatientIdIssuer = State.SourcePatientIdIssuer,
        TraceParent = State.TraceParent.Length > 0 ? State.TraceParent : null,
        Completeness = State.Completeness.ToArray(),
        Arrival = ArrivalRecord(),
    };

    private void RequireCreated()
    {
        if (!State.Created)
            throw DomainException.NotFound($"transfer {TransferId} not found");
    }

    private void Append(TransferEventKind kind, string actor, string studyInstanceUid = "", string sopInstanceUid = "", string detail = "") =>
        _timeline.Append(kind, _status.Status, actor, studyInstanceUid, sopInstanceUid, detail);

    private void AppendCompleted(IEnumerable<TransferStudyRecord> studies, string actor)
    {
        foreach (var study in studies)
        {
            if (study.Complete)
                Append(TransferEventKind.StudyComplete, actor, study.StudyInstanceUid, detail: $"{study.InstancesDeclared} instances");
        }
    }

    /// <summary>Receiving → Available once every study is complete, with its event.</summary>
    private void BecomeAvailableIfComplete()
    {
        if (_status.BecomeAvailable(_studies.AllComplete))
            Append(TransferEventKind.Available, State.SourceFacilityId, detail: $"{_studies.Count} studies ready to download");
    }

    /// <summary>
    /// Writes the state, then wakes watchers, then mirrors the new events to the destination's inbox log. Watchers
    /// see only stored events; the mirror comes last because the timeline, not the inbox, is the record.
    /// </summary>
    private async Task CommitAsync()
    {
        JudgeArrival(DateTimeOffset.UtcNow); // every change (a study added, Available, RemoteAvailable) may move the verdict
        State.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory now holds changes storage does not: drop the activation so the next call reloads what is stored.
            this.DeactivateOnIdle();
            throw;
        }

        _timeline.MarkDurable();
        KeepArrivalWatched();
        _ends.NotifyChanged(State.SourceFacilityId, State.DestinationFacilityId,
            new TransferListPosition(TransferStates.IsFinal(_status.Status), State.Priority, State.CreatedAt, TransferId), _status.Status, State.UpdatedAt);
        await _ends.MirrorToInboxAsync(State.DestinationFacilityId, _timeline.TakeUnmirrored());
    }

    private Task ScheduleExpiryAsync(DateTimeOffset expiresAt) =>
        this.RegisterOrUpdateReminder(ExpiryReminder, ReminderDue.Until(expiresAt, DateTimeOffset.UtcNow), ExpiryRetryPeriod);

    /// <summary>The relay is started once the transfer exists; it runs until the transfer settles.</summary>
    private async Task StartRelayIfRemoteAsync()
    {
        if (FacilityAddress.Parse(State.DestinationFacilityId).Network is { } network)
            await GrainFactory.GetGrain<IRelayGrain>(TransferId).Start(network);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} created from {SourceFacilityId} to {DestinationFacilityId}, priority {Priority}, {Studies} studies, {State}")]
    private partial void LogCreated(Guid transferId, string sourceFacilityId, string destinationFacilityId, TransferPriority priority, int studies, TransferStatus state);

    /// <summary>Logs the new state and counts it for operators.</summary>
    private void OnStateEntered()
    {
        LogState(TransferId, _status.Status);
        TransferMetrics.StateEntered(_status.Status, State.Priority);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} is now {State}")]
    private partial void LogState(Guid transferId, TransferStatus state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: acknowledgement did not match ({Mismatched} mismatched, {Missing} missing, {Unexpected} unexpected)")]
    private partial void LogMismatch(Guid transferId, int mismatched, int missing, int unexpected);
}
