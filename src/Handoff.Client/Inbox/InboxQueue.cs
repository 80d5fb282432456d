using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The transfers an inbox receive still has to do, most urgent first (STAT, urgent, routine; oldest first within
/// each, as they were sent), each at most once at a time. A transfer offered again while it is being received (its
/// sender added a study) is received once more afterwards; one offered while it waits keeps its place.
/// Thread-safe: the discovery loop offers, the dispatcher takes, receiving tasks finish.
/// </summary>
internal sealed class InboxQueue
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Entry, (int Urgency, long CreatedTicks, long Order)> _waiting = new();
    private readonly int _concurrent;
    private long _order;
    private int _runningNotStat;
    private TaskCompletionSource _changed = NewSignal();

    /// <param name="concurrent">Routine and urgent transfers received at once; STAT ones do not count.</param>
    public InboxQueue(int concurrent)
    {
        _concurrent = concurrent;
    }

    /// <summary>True when the transfer waits or is being received (an event about it needs no look-up).</summary>
    public bool IsActive(string transferId)
    {
        lock (_gate)
            return _entries.ContainsKey(transferId);
    }

    /// <summary>Queues a transfer that has something to receive.</summary>
    public void Offer(Transfer transfer) => OfferAll([transfer]);

    /// <summary>
    /// Queues several at once (a page of the inbox listing): none is taken before all are in, so the oldest of a
    /// priority goes first even when the listing named a newer one first.
    /// </summary>
    public void OfferAll(IEnumerable<Transfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        lock (_gate)
        {
            foreach (var transfer in transfers)
            {
                if (!_entries.TryGetValue(transfer.Id, out var entry))
                    _entries[transfer.Id] = entry = new Entry(transfer);
                if (entry.Stage == Stage.Running)
                    entry.Again = true;
                else if (entry.Stage == Stage.New)
                    Enqueue(entry);
            }
        }
        Signal();
    }

    /// <summary>
    /// Waits for the next transfer that may start now: a STAT one at once, another when fewer than the concurrent
    /// limit of routine and urgent ones run. The caller must call <see cref="Finished"/> for it.
    /// </summary>
    public async Task<Transfer> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_waiting.TryPeek(out var next, out _) && (IsStat(next.Transfer) || _runningNotStat < _concurrent))
                {
                    _waiting.Dequeue();
                    next.Stage = Stage.Running;
                    next.Again = false;
                    if (!IsStat(next.Transfer))
                        _runningNotStat++;
                    return next.Transfer;
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A receive taken from <see cref="TakeAsync"/> ended; it is queued again when it was offered meanwhile.</summary>
    public void Finished(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        lock (_gate)
        {
            var entry = _entries[transfer.Id];
            if (!IsStat(entry.Transfer))
                _runningNotStat--;
            if (entry.Again)
                Enqueue(entry);
            else
                _entries.Remove(transfer.Id); // a standing receiver runs for months: only what is active is kept
        }
        Signal();
    }

    private void Enqueue(Entry entry)
    {
        entry.Stage = Stage.Waiting;
        var createdTicks = entry.Transfer.CreatedAt?.ToDateTimeOffset().UtcTicks ?? 0;
        _waiting.Enqueue(entry, (-(int)entry.Transfer.Priority, createdTicks, _order++));
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    private static bool IsStat(Transfer transfer) => transfer.Priority == Priority.Stat;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private enum Stage
    {
        New,
        Waiting,
        Running,
    }

    private sealed class Entry(Transfer transfer)
    {
        public Transfer Transfer { get; } = transfer;

        public Stage Stage { get; set; } = Stage.New;

        public bool Again { get; set; }
    }
}
