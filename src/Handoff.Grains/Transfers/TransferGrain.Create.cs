using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Transfers;

/// <summary>Creating a transfer and adding studies to it; both are idempotent by request id.</summary>
public sealed partial class TransferGrain
{
    public async Task<TransferRecord> Create(CreateTransferCommand command)
    {
        if (command is null)
            throw DomainException.Invalid("a create command is required");
        if (State.Created)
        {
            if (command.RequestId == State.RequestId && command.SourceFacilityId == State.SourceFacilityId)
            {
                await StartRelayIfRemoteAsync(); // a retry also repairs a relay whose start failed the first time
                return Record();
            }
            throw DomainException.AlreadyExists($"transfer {TransferId} already exists");
        }

        var studies = TransferRequests.ValidateCreate(command);
        // A remote end ("facility@network") is vouched for by the server: it checked the peer, and its exports or
        // imports, before calling here. Only local facilities have grains to check and mailboxes to fill.
        if (!IsRemote(command.SourceFacilityId))
            await RequireFacilityAsync(command.SourceFacilityId, "source");
        if (!IsRemote(command.DestinationFacilityId))
            await RequireFacilityAsync(command.DestinationFacilityId, "destination");
        await RequireStudiesAsync(command.SourceFacilityId, studies);
        var totals = await AttachAsync(command.SourceFacilityId, studies);

        // Everything that can fail outside this grain happens before the state changes, so a failure leaves no
        // half-created transfer in memory and a retry of the same command starts again cleanly.
        var now = DateTimeOffset.UtcNow;
        var expiresAt = now + _options.Retention;
        await ScheduleExpiryAsync(expiresAt);
        if (!IsRemote(command.SourceFacilityId))
            await GrainFactory.GetGrain<IFacilityGrain>(command.SourceFacilityId).AddTransfer(Mailbox.Outbox, TransferId);
        if (!IsRemote(command.DestinationFacilityId))
            await GrainFactory.GetGrain<IFacilityGrain>(command.DestinationFacilityId).AddTransfer(Mailbox.Inbox, TransferId);

        State.Created = true;
        State.RequestId = command.RequestId;
        State.SourceFacilityId = command.SourceFacilityId;
        State.DestinationFacilityId = command.DestinationFacilityId;
        State.Priority = command.Priority;
        State.Reason = command.Reason ?? "";
        State.ExpectedArrival = command.ExpectedArrival;
        State.CreatedBy = command.Actor ?? "";
        State.CreatedAt = now;
        State.ExpiresAt = expiresAt;
        State.Studies.AddRange(totals);
        State.AppliedRequestIds.Add(command.RequestId);

        // Every transfer starts out receiving; one whose studies are all uploaded already is available at once.
        State.Status = TransferStatus.Receiving;
        Append(TransferEventKind.Created, State.CreatedBy, detail: $"{totals.Count} studies, priority {State.Priority}");
        foreach (var study in totals)
        {
            if (study.Complete)
                Append(TransferEventKind.StudyComplete, State.SourceFacilityId, study.StudyInstanceUid, detail: $"{study.InstancesDeclared} instances");
        }

        BecomeAvailableIfComplete();
        await CommitAsync();
        LogCreated(TransferId, State.SourceFacilityId, State.DestinationFacilityId, State.Priority, totals.Count, State.Status);
        await StartRelayIfRemoteAsync();
        return Record();
    }

    public async Task<TransferRecord> AddStudies(string requestId, IReadOnlyList<string> studyInstanceUids, string actor)
    {
        RequireCreated();
        if (string.IsNullOrWhiteSpace(requestId))
            throw DomainException.Invalid("requestId is required");
        if (State.AppliedRequestIds.Contains(requestId))
            return Record();
        if (actor != State.SourceFacilityId)
            throw DomainException.Denied($"only the source facility '{State.SourceFacilityId}' can add studies to transfer {TransferId}");
        if (TransferStates.IsFinal(State.Status))
            throw DomainException.WrongState($"transfer {TransferId} is {State.Status}; studies can no longer be added");
        var requested = TransferRequests.ValidateStudyList(studyInstanceUids);
        var added = requested.FindAll(uid => !State.Studies.Exists(s => s.StudyInstanceUid == uid));
        await RequireStudiesAsync(State.SourceFacilityId, added);
        var totals = await AttachAsync(State.SourceFacilityId, added);

        State.AppliedRequestIds.Add(requestId);
        if (totals.Count > 0)
        {
            // New studies mean new content for the destination: an incomplete one sends the transfer back to
            // receiving, and even complete ones make a delivered transfer available again.
            var anyIncomplete = totals.Exists(s => !s.Complete);
            var redeliver = !anyIncomplete && State.Status == TransferStatus.Delivered;
            if (anyIncomplete && State.Status is TransferStatus.Available or TransferStatus.Delivered)
                State.Status = TransferStatus.Receiving;
            if (redeliver)
                State.Status = TransferStatus.Available;
            State.Studies.AddRange(totals);
            foreach (var study in totals)
            {
                Append(TransferEventKind.StudyAdded, actor, study.StudyInstanceUid, detail: $"{study.InstancesDeclared} instances");
                if (study.Complete)
                    Append(TransferEventKind.StudyComplete, actor, study.StudyInstanceUid, detail: $"{study.InstancesDeclared} instances");
            }

            if (redeliver)
                Append(TransferEventKind.Available, actor, detail: "added studies are ready to download");
            BecomeAvailableIfComplete();
        }

        await CommitAsync();
        return Record();
    }

    private async Task RequireFacilityAsync(string facilityId, string role)
    {
        var info = await GrainFactory.GetGrain<IFacilityGrain>(facilityId).GetInfo();
        if (info is null)
            throw DomainException.NotFound($"{role} facility '{facilityId}' not found");
        if (info.Disabled)
            throw DomainException.WrongState($"{role} facility '{facilityId}' is disabled");
    }

    private async Task RequireStudiesAsync(string facilityId, List<string> studyInstanceUids)
    {
        var checks = new Task<bool>[studyInstanceUids.Count];
        for (var i = 0; i < checks.Length; i++)
            checks[i] = GrainFactory.GetGrain<IStudyGrain>(StudyKey.Of(facilityId, studyInstanceUids[i])).Exists();
        var exists = await Task.WhenAll(checks);
        for (var i = 0; i < exists.Length; i++)
        {
            if (!exists[i])
                throw DomainException.NotFound($"study {studyInstanceUids[i]} not found for facility '{facilityId}'");
        }
    }

    /// <summary>Attaching is idempotent on the study's side, so a retried create or add attaches again harmlessly.</summary>
    private async Task<List<TransferStudyRecord>> AttachAsync(string facilityId, List<string> studyInstanceUids)
    {
        var attaches = new Task<StudyStatusRecord>[studyInstanceUids.Count];
        for (var i = 0; i < attaches.Length; i++)
            attaches[i] = GrainFactory.GetGrain<IStudyGrain>(StudyKey.Of(facilityId, studyInstanceUids[i])).AttachTransfer(TransferId);
        var statuses = await Task.WhenAll(attaches);
        var totals = new List<TransferStudyRecord>(statuses.Length);
        for (var i = 0; i < statuses.Length; i++)
        {
            var status = statuses[i];
            totals.Add(new TransferStudyRecord(
                studyInstanceUids[i], status.InstancesDeclared, status.InstancesComplete, status.BytesDeclared,
                status.State == StudyState.Complete));
        }

        return totals;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} created from {SourceFacilityId} to {DestinationFacilityId}, priority {Priority}, {Studies} studies, {State}")]
    private partial void LogCreated(Guid transferId, string sourceFacilityId, string destinationFacilityId, TransferPriority priority, int studies, TransferStatus state);
}
