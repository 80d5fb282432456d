using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;

namespace Handoff.Grains.Tests.Audit;

public sealed class AuditLogGrainTests : IClassFixture<ClusterFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ClusterFixture _cluster;
    private readonly IGrainFactory _grains;

    public AuditLogGrainTests(ClusterFixture cluster)
    {
        _cluster = cluster;
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task List_MoreEventsThanOneSegment_NewestFirstWithNoneLost()
    {
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("audit"));
        var total = (AuditLogGrain.SegmentSize * 2) + 100;
        await AppendAsync(log, 0, total, batch: 50);

        var newest = await log.List(10);
        var everything = await log.List(total + 100);

        Assert.Equal(Enumerable.Range(total - 10, 10).Reverse().Select(ObjectId), newest.Select(e => e.ObjectId));
        Assert.Equal(total, everything.Count);
        Assert.Equal(Enumerable.Range(0, total).Reverse().Select(ObjectId), everything.Select(e => e.ObjectId));
    }

    [Fact]
    public async Task List_EmptyLogOrZeroLimit_ReturnsNothing()
    {
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("empty"));

        Assert.Empty(await log.List(10));
        Assert.Empty((await log.Query(new AuditQuery(10))).Entries);
        await log.Append([Event(1)]);
        Assert.Empty(await log.List(0));
    }

    [Fact]
    public async Task Append_MoreThanAHundredThousandEvents_OldestStillThereAfterReactivation()
    {
        // Versions before kept ~100,000 events per log and deleted the oldest segments: a facility that made enough
        // cheap calls erased the evidence of what it did first.
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("long"));
        const int total = 120_000;
        await AppendAsync(log, 0, total, batch: 4_000);
        await _cluster.DeactivateAsync(log);

        var oldest = await log.Query(new AuditQuery(10, BeforeSequence: 10));
        var byTime = await log.Query(new AuditQuery(100, Since: Start, Until: Start.AddSeconds(5)));
        var newest = await log.Query(new AuditQuery(1));

        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(ObjectId), oldest.Entries.Select(e => e.Event.ObjectId));
        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(n => (long)n), oldest.Entries.Select(e => e.Sequence));
        Assert.False(oldest.HasMore);
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(ObjectId), byTime.Entries.Select(e => e.Event.ObjectId));
        Assert.Equal(total - 1, Assert.Single(newest.Entries).Sequence);
        Assert.True(newest.HasMore);
    }

    [Fact]
    public async Task Query_PagedBySequence_EveryEventOnceNewestFirst()
    {
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("pages"));
        const int total = 1_000;
        await AppendAsync(log, 0, total, batch: 33);

        var seen = new List<AuditLogEntry>();
        AuditPage page;
        long? before = null;
        do
        {
            page = await log.Query(new AuditQuery(97, before));
            seen.AddRange(page.Entries);
            before = page.Entries.Count > 0 ? page.Entries[^1].Sequence : before;
        }
        while (page.HasMore);

        Assert.Equal(Enumerable.Range(0, total).Reverse().Select(n => (long)n), seen.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, total).Reverse().Select(ObjectId), seen.Select(e => e.Event.ObjectId));
    }

    [Fact]
    public async Task Query_TimeRange_OnlyEventsAtOrAfterSinceAndBeforeUntil()
    {
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("range"));
        await AppendAsync(log, 0, 2_000, batch: 500);

        var page = await log.Query(new AuditQuery(1_000, Since: Start.AddSeconds(700), Until: Start.AddSeconds(1_300)));

        Assert.Equal(Enumerable.Range(700, 600).Reverse().Select(ObjectId), page.Entries.Select(e => e.Event.ObjectId));
        Assert.False(page.HasMore);
    }

    /// <summary>Events <paramref name="from"/> to <paramref name="to"/> (exclusive), one second apart from <see cref="Start"/>.</summary>
    private static async Task AppendAsync(IAuditLogGrain log, int from, int to, int batch)
    {
        for (var start = from; start < to; start += batch)
            await log.Append(Enumerable.Range(start, Math.Min(batch, to - start)).Select(Event).ToList());
    }

    private static string ObjectId(int n) => $"object-{n}";

    private static AuditEventRecord Event(int n) =>
        new(Start.AddSeconds(n), "st-marys", "st-marys", "download", "transfer", ObjectId(n), "ok", "");
}
