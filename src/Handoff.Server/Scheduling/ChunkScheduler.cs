using Handoff.Contracts.Transfers;

namespace Handoff.Server.Scheduling;

/// <summary>
/// Admits the server's chunk work (checking an uploaded chunk's hash before it is stored, a stored one's before it is
/// sent) a few at a time,
/// and when work waits, lets the most urgent go first by weight: for every routine chunk, 4 urgent and 16 STAT
/// ones, so a STAT study sent while routine transfers run gets most of the server, and routine work still moves.
/// A caller blocked here stops reading its stream, so HTTP/2 flow control slows the routine senders themselves.
/// </summary>
/// <remarks>
/// Stride scheduling: each priority class keeps a pass that grows by its stride (the inverse of its weight) with each
/// grant, and the waiting class with the lowest pass goes next. A class that was idle starts at the pass of the
/// others, so it cannot bank credit while it had nothing to do.
/// </remarks>
public sealed class ChunkScheduler
{
    private static readonly TransferPriority[] Classes = [TransferPriority.Stat, TransferPriority.Urgent, TransferPriority.Routine];

    private readonly object _lock = new();
    private readonly Dictionary<TransferPriority, Queue<TaskCompletionSource>> _waiting = new()
    {
        [TransferPriority.Stat] = new(),
        [TransferPriority.Urgent] = new(),
        [TransferPriority.Routine] = new(),
    };
    private readonly Dictionary<TransferPriority, long> _pass = new()
    {
        [TransferPriority.Stat] = 0,
        [TransferPriority.Urgent] = 0,
        [TransferPriority.Routine] = 0,
    };
    private int _free;
    /// <summary>The pass of the last grant: where a class that had nothing waiting starts again.</summary>
    private long _virtualTime;

    /// <param name="slots">Chunks worked on at once; more wait their turn.</param>
    public ChunkScheduler(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _free = slots;
    }

    /// <summary>Relative share under contention: STAT 16, urgent 4, routine 1.</summary>
    public static int Weight(TransferPriority priority) => priority switch
    {
        TransferPriority.Stat => 16,
        TransferPriority.Urgent => 4,
        _ => 1,
    };

    /// <summary>Waits for a slot; dispose the result when the chunk's work is done.</summary>
    public async ValueTask<Slot> EnterAsync(TransferPriority priority, CancellationToken cancellationToken)
    {
        priority = Normalize(priority);
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_free > 0 && NoneWaiting())
            {
                _free--;
                Advance(priority);
                return new Slot(this);
            }
            if (_waiting[priority].Count == 0)
                _pass[priority] = Math.Max(_pass[priority], _virtualTime);
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[priority].Enqueue(waiter);
        }
        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
            await waiter.Task.ConfigureAwait(false);
        return new Slot(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            // Hand the slot straight to the next waiter (one that gave up is skipped), or free it.
            while (NextClass() is { } next)
            {
                var waiter = _waiting[next].Dequeue();
                Advance(next);
                if (waiter.TrySetResult())
                    return;
            }
            _free++;
        }
    }

    private TransferPriority? NextClass()
    {
        TransferPriority? best = null;
        foreach (var priority in Classes)
        {
            if (_waiting[priority].Count > 0 && (best is null || _pass[priority] < _pass[best.Value]))
                best = priority;
        }
        return best;
    }

    private bool NoneWaiting() => _waiting[TransferPriority.Stat].Count == 0 && _waiting[TransferPriority.Urgent].Count == 0 && _waiting[TransferPriority.Routine].Count == 0;

    private void Advance(TransferPriority priority)
    {
        _pass[priority] = Math.Max(_pass[priority], _virtualTime);
        _virtualTime = _pass[priority];
        _pass[priority] += 16 / Weight(priority);
    }

    private static TransferPriority Normalize(TransferPriority priority) =>
        priority is TransferPriority.Stat or TransferPriority.Urgent ? priority : TransferPriority.Routine;

    /// <summary>A granted slot; disposing it lets the next waiter in.</summary>
    public readonly struct Slot : IDisposable
    {
        private readonly ChunkScheduler? _owner;

        internal Slot(ChunkScheduler owner) => _owner = owner;

        public void Dispose() => _owner?.Release();
    }
}
