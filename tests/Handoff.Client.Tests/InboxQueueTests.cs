using Google.Protobuf.WellKnownTypes;
using Handoff.Protos.V1;

namespace Handoff.Client.Tests;

/// <summary>
/// The order and limits of a standing receiver: STAT first and never held back by the limit, oldest first within a
/// priority, one receive of a transfer at a time, and a transfer offered while it runs received once more afterwards.
/// </summary>
public sealed class InboxQueueTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static Transfer Transfer(string id, Priority priority, int minutesAfterNoon) =>
        new() { Id = id, Priority = priority, CreatedAt = Timestamp.FromDateTimeOffset(Noon.AddMinutes(minutesAfterNoon)) };

    [Fact]
    public async Task Take_MixedPriorities_StatThenUrgentThenRoutineOldestFirst()
    {
        var queue = new InboxQueue(concurrent: 16);
        queue.Offer(Transfer("routine-new", Priority.Routine, 5));
        queue.Offer(Transfer("stat-new", Priority.Stat, 4));
        queue.Offer(Transfer("routine-old", Priority.Routine, 1));
        queue.Offer(Transfer("urgent", Priority.Urgent, 3));
        queue.Offer(Transfer("stat-old", Priority.Stat, 2));

        var taken = new List<string>();
        for (var i = 0; i < 5; i++)
            taken.Add((await queue.TakeAsync(CancellationToken.None)).Id);

        Assert.Equal(["stat-old", "stat-new", "urgent", "routine-old", "routine-new"], taken);
    }

    [Fact]
    public async Task Take_LimitReached_RoutineWaitsForAFinishButStatStartsAtOnce()
    {
        var queue = new InboxQueue(concurrent: 1);
        var first = Transfer("routine-1", Priority.Routine, 1);
        queue.Offer(first);
        queue.Offer(Transfer("routine-2", Priority.Routine, 2));
        Assert.Equal("routine-1", (await queue.TakeAsync(CancellationToken.None)).Id);

        var second = queue.TakeAsync(CancellationToken.None);
        Assert.False(second.IsCompleted, "a second routine transfer started past the limit of one");
        queue.Offer(Transfer("stat", Priority.Stat, 3));
        Assert.Equal("stat", (await second.WaitAsync(TimeSpan.FromSeconds(10))).Id);

        var third = queue.TakeAsync(CancellationToken.None);
        Assert.False(third.IsCompleted, "routine-2 started while routine-1 still ran");
        queue.Finished(first);
        Assert.Equal("routine-2", (await third.WaitAsync(TimeSpan.FromSeconds(10))).Id);
    }

    [Fact]
    public async Task Offer_WhileItIsReceivedOrWaits_OnceMoreAfterwardsNeverTwiceAtOnce()
    {
        var queue = new InboxQueue(concurrent: 4);
        var transfer = Transfer("t", Priority.Routine, 1);
        queue.Offer(transfer);
        queue.Offer(transfer); // waiting: keeps its one place
        var running = await queue.TakeAsync(CancellationToken.None);

        queue.Offer(transfer); // a study was added while it is received
        var next = queue.TakeAsync(CancellationToken.None);
        Assert.False(next.IsCompleted, "the transfer was handed out a second time while its first receive ran");
        Assert.True(queue.IsActive("t"));
        queue.Finished(running);
        var again = await next.WaitAsync(TimeSpan.FromSeconds(10));
        queue.Finished(again);

        Assert.Equal("t", again.Id);
        Assert.False(queue.IsActive("t"));
    }
}
