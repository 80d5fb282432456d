using Handoff.Contracts.Transfers;
using Handoff.Server.Scheduling;

namespace Handoff.Server.Tests;

/// <summary>
/// The order in which waiting chunk work gets the server: by weight (16 STAT, 4 urgent, 1 routine), routine never
/// starved, nothing held for a waiter that gave up, and no waiting at all when there is room.
/// </summary>
public sealed class ChunkSchedulerTests
{
    /// <summary>Fills every slot, queues <paramref name="waiters"/> in order, then releases one slot at a time and records who got in.</summary>
    private static async Task<List<TransferPriority>> GrantOrderAsync(int slots, IReadOnlyList<TransferPriority> waiters)
    {
        var scheduler = new ChunkScheduler(slots);
        var held = new List<ChunkScheduler.Slot>();
        for (var i = 0; i < slots; i++)
            held.Add(await scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None));
        var granted = new List<TransferPriority>();
        var pending = waiters.Select(priority => (priority, task: scheduler.EnterAsync(priority, CancellationToken.None).AsTask())).ToList();
        Assert.All(pending, p => Assert.False(p.task.IsCompleted));
        var current = held[0];
        for (var i = 0; i < waiters.Count; i++)
        {
            current.Dispose();
            var done = await Task.WhenAny(pending.Select(p => p.task)).WaitAsync(TimeSpan.FromSeconds(10));
            var index = pending.FindIndex(p => p.task == done);
            granted.Add(pending[index].priority);
            current = await done;
            pending.RemoveAt(index);
        }
        return granted;
    }

    [Theory]
    [InlineData(TransferPriority.Stat, 16)]
    [InlineData(TransferPriority.Urgent, 4)]
    public async Task UnderContention_TheUrgentClassGetsItsWeightInTurnsForEveryRoutineOne(TransferPriority urgent, int weight)
    {
        // Routine queues first and still only gets its share; far more urgent work waits than five rounds take.
        var waiters = Enumerable.Repeat(TransferPriority.Routine, 10).Concat(Enumerable.Repeat(urgent, 20 * weight)).ToList();

        var granted = await GrantOrderAsync(1, waiters);

        // In the first five rounds of weight + 1 turns, routine gets about 5 (give or take the round it started in):
        // routine moves, the urgent class leads.
        var first = granted.Take(5 * (weight + 1)).ToList();
        Assert.InRange(first.Count(p => p == TransferPriority.Routine), 4, 6);
    }

    [Fact]
    public async Task WithinOnePriority_FirstComeFirstServed()
    {
        var scheduler = new ChunkScheduler(1);
        var holder = await scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None);
        var first = scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None).AsTask();
        var second = scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None).AsTask();

        holder.Dispose();
        (await first.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AClassThatWasIdle_DoesNotBankTurnsAgainstOneThatKeptWorking()
    {
        var scheduler = new ChunkScheduler(1);
        // STAT works alone for a long while: its pass grows, routine's stays where it was.
        for (var i = 0; i < 100; i++)
            (await scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None)).Dispose();
        var holder = await scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None);
        var routine = Enumerable.Range(0, 5).Select(_ => scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None).AsTask()).ToList();
        var stat = Enumerable.Range(0, 16).Select(_ => scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None).AsTask()).ToList();

        // Releasing 17 turns: routine gets its one share, not five turns of banked credit.
        var current = holder;
        var routineGranted = 0;
        var all = routine.Concat(stat).ToList();
        for (var i = 0; i < 17; i++)
        {
            current.Dispose();
            var done = await Task.WhenAny(all).WaitAsync(TimeSpan.FromSeconds(10));
            all.Remove(done);
            if (routine.Contains(done))
                routineGranted++;
            current = await done;
        }
        Assert.InRange(routineGranted, 1, 2);
    }

    [Fact]
    public async Task AWaiterThatGaveUp_IsSkipped_AndTheSlotGoesToTheNext()
    {
        var scheduler = new ChunkScheduler(1);
        var holder = await scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var abandoned = scheduler.EnterAsync(TransferPriority.Stat, cancel.Token).AsTask();
        var next = scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        holder.Dispose();

        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        // The slot came back: a new caller gets in at once.
        var again = scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None);
        Assert.True(again.IsCompleted);
        (await again).Dispose();
    }

    [Fact]
    public async Task WithRoom_NobodyWaits()
    {
        var scheduler = new ChunkScheduler(2);

        var a = scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None);
        var b = scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None);
        var c = scheduler.EnterAsync(TransferPriority.Stat, CancellationToken.None);

        Assert.True(a.IsCompleted);
        Assert.True(b.IsCompleted);
        Assert.False(c.IsCompleted);
        (await a).Dispose();
        (await c.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await b).Dispose();
    }
}
