using Handoff.Contracts.Retention;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Studies;

/// <summary>
/// How long a study is kept. Transfers hold it: attaching takes a hold, and expiry or cancellation releases it. The
/// last release clears the study at once (state, registry entry, reminder); the chunk collector then deletes the
/// chunks no other study uses. An acknowledged transfer keeps its hold, because the destination may download again
/// until the transfer expires.
/// </summary>
/// <remarks>
/// A backstop reminder clears a study nothing will release: one no transfer ever held (an upload whose transfer was
/// never created) once the retention period has passed since its last change, and one whose holds all ended a day ago
/// (a transfer whose creation failed after attaching, or a release lost to an outage) without a release.
/// </remarks>
public sealed partial class StudyGrain : IRemindable
{
    internal const string RetentionReminder = "retention";

    /// <summary>How long past a hold's end the study waits for the transfer's own release, which retries hourly.</summary>
    internal static readonly TimeSpan HoldGrace = TimeSpan.FromDays(1);

    /// <summary>Timers behind reminders cap out near 49.7 days; a reminder that fires early is registered again.</summary>
    private static readonly TimeSpan MaxReminderDue = TimeSpan.FromDays(21);

    /// <summary>Only matters when handling the reminder fails: Orleans fires it again after this period.</summary>
    private static readonly TimeSpan RetentionRetryPeriod = TimeSpan.FromHours(1);

    /// <summary>The <see cref="ChunkIndex.Version"/> last announced; -1 when this activation has announced nothing.</summary>
    private long _announcedVersion = -1;

    public Task<IReadOnlyList<string>> GetRetainedChunkHashes() => Task.FromResult(_chunks.RetainedHashes());

    public async Task ReleaseTransfer(Guid transferId)
    {
        var listened = State.Transfers.Remove(transferId);
        var held = State.Holds.Remove(transferId);
        if (!listened && !held)
            return;

        // Listeners are a subset of holders, except in a study stored before holds existed: then wait for them all.
        if (State.Holds.Count == 0 && State.Transfers.Count == 0)
        {
            var instances = State.Instances.Count;
            await ClearAsync();
            LogReleased(_facilityId, _studyUid, transferId, instances);
            return;
        }

        await SaveAsync();
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

        var until = RetainedUntil();
        if (DateTimeOffset.UtcNow < until - TimeSpan.FromSeconds(1))
        {
            await ScheduleRetentionAsync(until);
            return;
        }

        var instances = State.Instances.Count;
        var holds = State.Holds.Count;
        await ClearAsync();
        LogExpired(_facilityId, _studyUid, holds, instances);
    }

    /// <summary>The last hold's end plus the grace for its release; with no holds, the retention period after the last change.</summary>
    private DateTimeOffset RetainedUntil()
    {
        if (State.Holds.Count == 0)
            return State.UpdatedAt + _retention.Retention;
        var last = DateTimeOffset.MinValue;
        foreach (var end in State.Holds.Values)
        {
            if (end > last)
                last = end;
        }

        return last + HoldGrace;
    }

    /// <summary>
    /// Makes hashes this activation has not announced visible to the chunk collector before they are stored: the first
    /// time, the study joins its facility's registry (and gets its backstop reminder); during a sweep, the sweep is
    /// told not to delete them. A declaration must not return before this, because the server asks the chunk store
    /// which declared chunks it already has only afterwards, and a chunk deleted after that answer would be lost.
    /// </summary>
    private async Task AnnounceAsync()
    {
        if (!IsDeclared || (State.Registered && _chunks.Version == _announcedVersion))
            return;
        var version = _chunks.Version;
        if (!State.Registered)
        {
            await GrainFactory.GetGrain<IStudyRegistryGrain>(_facilityId).Add(_studyUid);
            await ScheduleRetentionAsync(DateTimeOffset.UtcNow + _retention.Retention);
            State.Registered = true;
        }

        var sweep = GrainFactory.GetGrain<IChunkSweepGrain>(0);
        if (await sweep.IsSweeping())
            await sweep.Protect(_chunks.RetainedHashes());
        _announcedVersion = version;
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
        _bySopUid.Clear();
        _chunks = new ChunkIndex([], 0);
        _unsent.Clear();
        _announcedVersion = -1;
        try
        {
            await GrainFactory.GetGrain<IStudyRegistryGrain>(_facilityId).Remove(_studyUid);
        }
        catch (Exception exception)
        {
            LogUnregisterFailed(exception, _facilityId, _studyUid);
        }

        await UnregisterRetentionReminderAsync();
    }

    private Task ScheduleRetentionAsync(DateTimeOffset at)
    {
        var due = at - DateTimeOffset.UtcNow;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxReminderDue ? MaxReminderDue : due;
        return this.RegisterOrUpdateReminder(RetentionReminder, due, RetentionRetryPeriod);
    }

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
            LogReminderCleanupFailed(exception, _facilityId, _studyUid);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid} cleared: transfer {TransferId} released the last hold ({Instances} instances)")]
    private partial void LogReleased(string facilityId, string studyInstanceUid, Guid transferId, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid} cleared: retention ended with {Holds} unreleased holds ({Instances} instances)")]
    private partial void LogExpired(string facilityId, string studyInstanceUid, int holds, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: removing it from the registry failed after it was cleared")]
    private partial void LogUnregisterFailed(Exception exception, string facilityId, string studyInstanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: removing its retention reminder failed")]
    private partial void LogReminderCleanupFailed(Exception exception, string facilityId, string studyInstanceUid);
}
