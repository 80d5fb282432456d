using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Facilities;

/// <summary>The facility's inbox and outbox, and the inbox event log that inbox watchers long-poll.</summary>
public sealed partial class FacilityGrain
{
    /// <summary>
    /// Enough for days of busy traffic (a 2000-instance study alone brings ~2000 events) while keeping each state
    /// write bounded; a watcher further behind than this re-reads the inbox instead.
    /// </summary>
    internal const int MaxInboxEvents = 10_000;

    private readonly EventSignal _inboxSignal = new();
    private HashSet<Guid> _inboxIds = [];
    private HashSet<Guid> _outboxIds = [];
    private long _durableInboxSequence;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _inboxIds = [.. State.Inbox];
        _outboxIds = [.. State.Outbox];
        _durableInboxSequence = EventLog.LastSequence(State.InboxEvents);
        return Task.CompletedTask;
    }

    public async Task AddTransfer(Mailbox mailbox, Guid transferId)
    {
        RequireRegistered();
        var (list, ids) = mailbox switch
        {
            Mailbox.Inbox => (State.Inbox, _inboxIds),
            Mailbox.Outbox => (State.Outbox, _outboxIds),
            _ => throw DomainException.Invalid($"mailbox {(int)mailbox} is neither inbox nor outbox"),
        };
        if (!ids.Add(transferId))
            return;
        list.Add(transferId);
        await SaveAsync();
    }

    /// <summary>Newest first, as a person reading an inbox expects.</summary>
    public Task<IReadOnlyList<Guid>> ListTransfers(Mailbox mailbox)
    {
        var list = mailbox == Mailbox.Outbox ? State.Outbox : State.Inbox;
        var newestFirst = new Guid[list.Count];
        for (var i = 0; i < list.Count; i++)
            newestFirst[i] = list[list.Count - 1 - i];
        return Task.FromResult<IReadOnlyList<Guid>>(newestFirst);
    }

    public Task<long> GetInboxSequence() => Task.FromResult(_durableInboxSequence);

    public Task AppendInboxEvent(TransferEventRecord transferEvent) =>
        transferEvent is null ? throw DomainException.Invalid("transferEvent is required") : AppendInboxEvents([transferEvent]);

    public async Task AppendInboxEvents(IReadOnlyList<TransferEventRecord> transferEvents)
    {
        if (transferEvents is null || transferEvents.Count == 0)
            return;
        var sequence = EventLog.LastSequence(State.InboxEvents);
        foreach (var transferEvent in transferEvents)
        {
            if (transferEvent is not null)
                State.InboxEvents.Add(transferEvent with { Sequence = ++sequence });
        }

        var excess = State.InboxEvents.Count - MaxInboxEvents;
        if (excess > 0)
            State.InboxEvents.RemoveRange(0, excess);
        await SaveAsync();
        _durableInboxSequence = sequence;
        _inboxSignal.Pulse();
    }

    public Task<IReadOnlyList<TransferEventRecord>> WaitForInboxEvents(long afterSequence, TimeSpan timeout) =>
        _inboxSignal.WaitForAsync(() => EventLog.After(State.InboxEvents, afterSequence, _durableInboxSequence), timeout);
}
