using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;

namespace Handoff.Grains.Tests.Audit;

public sealed class AuditLogReaderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_TimeRangeDeepInALongLog_ReadsLogarithmicallyManyBlocks()
    {
        // 4,096 blocks of 10 events, one second apart: a range of 10 seconds in the middle.
        var blocks = new FakeAuditLogBlocks([.. Enumerable.Range(0, 4_096).Select(b => Block(Enumerable.Range(b * 10, 10).Select(n => (n, n))))]);

        var page = await AuditLogReader.ReadAsync(blocks, new AuditQuery(100, Since: At(20_000), Until: At(20_010)), 100);

        Assert.Equal(Enumerable.Range(20_000, 10).Reverse().Select(n => (long)n), page.Entries.Select(e => e.Sequence));
        Assert.InRange(blocks.BoundsReads, 1, 16); // log2(4096) = 12, plus the top and bottom probes
        // The blocks within the clock tolerance of the range, not the log: 5 minutes of events are 30 blocks each side.
        Assert.InRange(blocks.Reads, 1, 64);
    }

    [Fact]
    public async Task ReadAsync_ClocksDisagreeAtBlockBoundaries_EventsOutOfOrderStillFound()
    {
        // Silos' clocks a few seconds apart. Range [10 s, 40 s): a block wholly after "until" (a fast clock) comes
        // before one holding an event inside the range (a slow clock), and a block wholly before "since" comes after
        // one holding an event inside it. Without the tolerance the search starts at block 2 and stops at block 1.
        var blocks = new FakeAuditLogBlocks(
        [
            Block([(0, 12)]),
            Block([(1, 5), (2, 6)]),
            Block([(3, 20), (4, 30)]),
            Block([(5, 41), (6, 42)]),
            Block([(7, 39), (8, 43)]),
            Block([(9, 44), (10, 45)]),
            Block([(11, 46)]),
        ]);

        var page = await AuditLogReader.ReadAsync(blocks, new AuditQuery(100, Since: At(10), Until: At(40)), 100);

        Assert.Equal(["object-7", "object-4", "object-3", "object-0"], page.Entries.Select(e => e.Event.ObjectId));
    }

    [Fact]
    public async Task ReadAsync_SinceOnly_StopsAtTheFirstBlockWellBeforeIt()
    {
        var blocks = new FakeAuditLogBlocks([.. Enumerable.Range(0, 1_000).Select(b => Block(Enumerable.Range(b * 100, 100).Select(n => (n, n))))]);

        var page = await AuditLogReader.ReadAsync(blocks, new AuditQuery(10_000, Since: At(99_950)), 10_000);

        Assert.Equal(50, page.Entries.Count);
        Assert.False(page.HasMore);
        Assert.InRange(blocks.Reads, 1, 5); // the tolerance is 300 events here: 3 blocks past the range, then it stops
    }

    [Fact]
    public async Task ReadAsync_ExactlyOnePageMatches_NoMoreReported()
    {
        var blocks = new FakeAuditLogBlocks([Block([(0, 0), (1, 1), (2, 2)]), Block([(3, 3), (4, 4)])]);

        var full = await AuditLogReader.ReadAsync(blocks, new AuditQuery(5), 5);
        var first = await AuditLogReader.ReadAsync(blocks, new AuditQuery(4), 4);
        var rest = await AuditLogReader.ReadAsync(blocks, new AuditQuery(4, BeforeSequence: first.Entries[^1].Sequence), 4);

        Assert.False(full.HasMore);
        Assert.True(first.HasMore);
        Assert.Equal([0L], rest.Entries.Select(e => e.Sequence));
        Assert.False(rest.HasMore);
    }

    [Fact]
    public async Task ReadAsync_UntilAtTheEndOfTime_NoOverflow()
    {
        var blocks = new FakeAuditLogBlocks([Block([(0, 0)])]);

        var page = await AuditLogReader.ReadAsync(blocks, new AuditQuery(5, Since: DateTimeOffset.MinValue, Until: DateTimeOffset.MaxValue), 5);

        Assert.Single(page.Entries);
    }

    [Fact]
    public async Task ReadAsync_FilterMatchingOnlyTheOldest_StopsAtTheScanBudget_AndResumesWhereItStopped()
    {
        // 30,000 events; the object filter matches only the first one: a page may not read the whole log at once.
        var blocks = new FakeAuditLogBlocks([.. Enumerable.Range(0, 300).Select(b => Block(Enumerable.Range(b * 100, 100).Select(n => (n, n))))]);
        var query = new AuditQuery(100) { ObjectIds = ["object-0"] };

        var first = await AuditLogReader.ReadAsync(blocks, query, 100);
        var second = await AuditLogReader.ReadAsync(blocks, query with { BeforeSequence = first.ResumeBefore }, 100);

        Assert.Empty(first.Entries);
        Assert.True(first.HasMore);
        Assert.Equal(30_000 - AuditLogReader.MaxScannedEvents, first.ResumeBefore);
        Assert.Equal(["object-0"], second.Entries.Select(e => e.Event.ObjectId));
        Assert.False(second.HasMore);
        Assert.Null(second.ResumeBefore);
    }

    private static DateTimeOffset At(int seconds) => Start.AddSeconds(seconds);

    private static IReadOnlyList<AuditEventRecord> Block(IEnumerable<(int Object, int Seconds)> events) =>
        [.. events.Select(e => new AuditEventRecord(At(e.Seconds), "st-marys", "st-marys", "transfer.get", "transfer", $"object-{e.Object}", "success", ""))];
}
