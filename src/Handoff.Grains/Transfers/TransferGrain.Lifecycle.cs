using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Transfers;

/// <summary>
/// Cancelling, marking downloaded, and expiring by reminder when the retention period ends. Cancelling and expiring
/// release the studies, which clear themselves once no transfer holds them; the transfer's own state stays readable
/// as Expired for good: its timeline and acknowledgement are the record of what was sent and received.
/// </summary>
public sealed partial class TransferGrain
{
    internal const string ExpiryReminder = "expire";

    private const int MaxDetailLength = 500;

    /// <summary>
    /// The longest due time handed to the reminder service: timers behind it cap out near 49.7 days, and retention
    /// may be configured longer. A reminder that fires before the expiry time is simply registered again.
    /// </summary>
    private static readonly TimeSpan MaxReminderDue = TimeSpan.FromDays(21);

    /// <summary>
    /// Only matters when handling the reminder fails, or a study could not be released: Orleans then fires it again
    /// after this period (at least its one-minute minimum). Once every study is released the reminder is unregistered.
    /// </summary>
    private static readonly TimeSpan ExpiryRetryPeriod = TimeSpan.FromHours(1);

    public async Task<TransferRecord> Cancel(string actor, string reason)
    {
        RequireCreated();
        if (actor != State.SourceFacilityId)
            throw DomainException.Denied($"only the source facility '{State.SourceFacilityId}' can cancel transfer {TransferId}");
        if (State.Status == TransferStatus.Cancelled)
            return Record();
        if (TransferStates.IsFinal(State.Status))
            throw DomainException.WrongState($"transfer {TransferId} is {State.Status} and can no longer be cancelled");

        State.Status = TransferStatus.Cancelled;
        var detail = reason ?? "";
        Append(TransferEventKind.Cancelled, actor, detail: detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail);
        await CommitAsync();
        LogState(TransferId, State.Status);

        // Nobody may download a cancelled transfer, so it keeps nothing; a release that fails is retried at expiry.
        await ReleaseStudiesAsync();
        return Record();
    }

    public async Task<TransferRecord> MarkDownloaded(string actor)
    {
        RequireCreated();
        if (actor != State.DestinationFacilityId)
            throw DomainException.Denied($"only the destination facility '{State.DestinationFacilityId}' can mark transfer {TransferId} downloaded");
        if (State.Status is TransferStatus.Delivered or TransferStatus.Acknowledged)
            return Record();
        if (State.Status != TransferStatus.Available)
            throw DomainException.WrongState($"transfer {TransferId} is {State.Status}; it can be marked downloaded once it is Available");

        State.Status = TransferStatus.Delivered;
        Append(TransferEventKind.Downloaded, actor);
        await CommitAsync();
        LogState(TransferId, State.Status);
        return Record();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
            return;
        if (State.Created && State.Status != TransferStatus.Expired && DateTimeOffset.UtcNow < State.ExpiresAt - TimeSpan.FromSeconds(1))
        {
            await ScheduleExpiryAsync(State.ExpiresAt);
            return;
        }

        // Released before the event, so whoever sees Expired sees the studies let go; the event does not wait for a
        // study that cannot be reached: the reminder stays and the release is retried an hour later.
        var released = !State.Created || await ReleaseStudiesAsync();
        if (State.Created && State.Status != TransferStatus.Expired)
        {
            State.Status = TransferStatus.Expired;
            Append(TransferEventKind.Expired, SystemActor, detail: $"retention ended at {State.ExpiresAt:O}");
            await CommitAsync();
            LogState(TransferId, State.Status);
        }

        if (!released)
            return;
        var reminder = await this.GetReminder(ExpiryReminder);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }

    private Task ScheduleExpiryAsync(DateTimeOffset expiresAt)
    {
        var due = expiresAt - DateTimeOffset.UtcNow;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxReminderDue ? MaxReminderDue : due;
        return this.RegisterOrUpdateReminder(ExpiryReminder, due, ExpiryRetryPeriod);
    }

    /// <summary>An acknowledged transfer needs no more progress reports, but keeps its studies until it expires.</summary>
    private async Task DetachStudiesAsync()
    {
        var detaches = new Task[State.Studies.Count];
        for (var i = 0; i < detaches.Length; i++)
            detaches[i] = DetachAsync(State.Studies[i].StudyInstanceUid);
        await Task.WhenAll(detaches);
    }

    private async Task DetachAsync(string studyInstanceUid)
    {
        try
        {
            await GrainFactory.GetGrain<IStudyGrain>(StudyKey.Of(State.SourceFacilityId, studyInstanceUid)).DetachTransfer(TransferId);
        }
        catch (Exception exception)
        {
            LogDetachFailed(exception, TransferId, studyInstanceUid);
        }
    }

    /// <summary>Lets go of every study (idempotent on the study's side); false when one could not be told.</summary>
    private async Task<bool> ReleaseStudiesAsync()
    {
        var releases = new Task<bool>[State.Studies.Count];
        for (var i = 0; i < releases.Length; i++)
            releases[i] = ReleaseAsync(State.Studies[i].StudyInstanceUid);
        var results = await Task.WhenAll(releases);
        return Array.TrueForAll(results, released => released);
    }

    private async Task<bool> ReleaseAsync(string studyInstanceUid)
    {
        try
        {
            await GrainFactory.GetGrain<IStudyGrain>(StudyKey.Of(State.SourceFacilityId, studyInstanceUid)).ReleaseTransfer(TransferId);
            return true;
        }
        catch (Exception exception)
        {
            LogReleaseFailed(exception, TransferId, studyInstanceUid);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: detaching from study {StudyInstanceUid} failed")]
    private partial void LogDetachFailed(Exception exception, Guid transferId, string studyInstanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId}: releasing study {StudyInstanceUid} failed; retried when the expiry reminder fires")]
    private partial void LogReleaseFailed(Exception exception, Guid transferId, string studyInstanceUid);
}
