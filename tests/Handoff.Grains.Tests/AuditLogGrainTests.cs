using Handoff.Contracts.Audit;
using Handoff.Grains.Audit;

namespace Handoff.Grains.Tests;

public sealed class AuditLogGrainTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public AuditLogGrainTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task List_MoreEventsThanOneSegment_NewestFirstWithNoneLost()
    {
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("audit"));
        var total = (AuditLogGrain.RecentCapacity * 2) + 500;
        for (var start = 0; start < total; start += 250)
            await log.Append(Enumerable.Range(start, 250).Select(Event).ToList());

        var newest = await log.List(10);
        var everything = await log.List(total + 100);

        Assert.Equal(Enumerable.Range(total - 10, 10).Reverse().Select(n => $"object-{n}"), newest.Select(e => e.ObjectId));
        Assert.Equal(total, everything.Count);
        Assert.Equal(Enumerable.Range(0, total).Reverse().Select(n => $"object-{n}"), everything.Select(e => e.ObjectId));
    }

    [Fact]
    public async Task List_EmptyLogOrZeroLimit_ReturnsNothing()
    {
        var log = _grains.GetGrain<IAuditLogGrain>(TestData.FacilityId("empty"));

        Assert.Empty(await log.List(10));
        await log.Append([Event(1)]);
        Assert.Empty(await log.List(0));
    }

    private static AuditEventRecord Event(int n) =>
        new(DateTimeOffset.UtcNow, "st-marys", "st-marys", "download", "transfer", $"object-{n}", "ok", "");
}
