using Handoff.Contracts.Transfers;
using Handoff.Server.Scheduling;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Transfers behind their patient's expected arrival rise one class in the chunk scheduler: an at-risk routine transfer
/// gets the urgent share of a busy server, not the routine one.
/// </summary>
public sealed class ArrivalPriorityTests
{
    [Theory]
    [InlineData(TransferPriority.Routine, false, TransferPriority.Routine)]
    [InlineData(TransferPriority.Routine, true, TransferPriority.Urgent)]
    [InlineData(TransferPriority.Urgent, true, TransferPriority.Stat)]
    [InlineData(TransferPriority.Stat, true, TransferPriority.Stat)]
    public void Effective_OneClassUpWhileBehind(TransferPriority priority, bool behind, TransferPriority expected) =>
        Assert.Equal(expected, ArrivalPriority.Effective(priority, behind));

    [Fact]
    public async Task UnderContention_AnAtRiskRoutineStreamGetsTheUrgentShareAgainstRoutine()
    {
        var scheduler = new ChunkScheduler(1);
        var plain = new ChunkTurns(scheduler, TransferPriority.Routine);
        var atRisk = new ChunkTurns(scheduler, TransferPriority.Routine) { Boost = new ArrivalBoost(() => Task.FromResult(true)) };
        await Poll.UntilAsync(() => atRisk.Boost.Behind, TimeSpan.FromSeconds(10), "the boost's first answer");
        var holder = await scheduler.EnterAsync(TransferPriority.Routine, CancellationToken.None);
        // The plain routine stream queues first; the at-risk one has far more waiting than five rounds take.
        var waiters = Enumerable.Range(0, 10).Select(_ => (atRisk: false, task: plain.EnterAsync(CancellationToken.None).AsTask()))
            .Concat(Enumerable.Range(0, 100).Select(_ => (atRisk: true, task: atRisk.EnterAsync(CancellationToken.None).AsTask()))).ToList();

        var granted = new List<bool>();
        var current = holder;
        for (var i = 0; i < 25; i++)
        {
            current.Dispose();
            var done = await Task.WhenAny(waiters.Select(w => w.task)).WaitAsync(TimeSpan.FromSeconds(10));
            var index = waiters.FindIndex(w => w.task == done);
            granted.Add(waiters[index].atRisk);
            current = await done;
            waiters.RemoveAt(index);
        }

        // Five rounds of urgent's 4 turns to routine's 1: the plain routine stream gets about 5 of 25, not half.
        Assert.InRange(granted.Count(atRiskTurn => !atRiskTurn), 4, 6);
    }
}
