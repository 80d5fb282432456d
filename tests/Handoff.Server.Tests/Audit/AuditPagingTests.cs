using Google.Protobuf.WellKnownTypes;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>ListAuditEvents a page at a time and by time range, on a real server.</summary>
public sealed class AuditPagingTests : IClassFixture<ServerFixture>
{
    private readonly ServerProcess _server;

    public AuditPagingTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task ListAuditEvents_PagedWithTokens_EveryEventOnceNewestFirst()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "page-all");
        await AuditPages.RunAsync(250, 8, _ => api.Transfers.ListTransfersAsync(new ListTransfersRequest()).ResponseAsync);

        var (events, pages) = await AuditPages.ReadAllAsync(api, new ListAuditEventsRequest { PageSize = 40 });

        Assert.Equal(250, events.Count(e => e.Action == "transfer.list"));
        Assert.True(pages >= 7, $"{pages} pages of 40 for {events.Count} events");
        Assert.Equal(Enumerable.Range(0, events.Count).Reverse().Select(n => (long)n), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ListAuditEvents_LimitOfOlderClients_IsThePageSize()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "page-limit");
        await AuditPages.RunAsync(30, 4, _ => api.Transfers.ListTransfersAsync(new ListTransfersRequest()).ResponseAsync);

        var first = await api.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 20 });
        var rest = await api.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 20, PageToken = first.NextPageToken });

        Assert.Equal(20, first.Events.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(first.Events[^1].Sequence - 1, rest.Events[0].Sequence);
        Assert.Equal(0, rest.Events[^1].Sequence);
        Assert.Empty(rest.NextPageToken);
    }

    [Fact]
    public async Task ListAuditEvents_TimeRange_OnlyEventsAtOrAfterSinceAndBeforeUntil()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "page-range");
        var before = Guid.NewGuid().ToString();
        var inside = Guid.NewGuid().ToString();
        var after = Guid.NewGuid().ToString();
        foreach (var id in new[] { before, inside, after })
        {
            for (var i = 0; i < 20; i++)
                await RpcAssert.FailsWith(StatusCode.NotFound, () => api.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = id }));
        }
        var (all, _) = await AuditPages.ReadAllAsync(api, new ListAuditEventsRequest { PageSize = 1000 });
        var insideTimes = all.Where(e => e.ObjectId == inside).Select(e => e.At.ToDateTimeOffset()).ToList();
        var since = insideTimes.Min();
        var until = insideTimes.Max().AddTicks(10); // Timestamp keeps nanoseconds: one microsecond past the last

        var (range, _) = await AuditPages.ReadAllAsync(api, new ListAuditEventsRequest
        {
            PageSize = 7, Since = Timestamp.FromDateTimeOffset(since), Until = Timestamp.FromDateTimeOffset(until),
        });

        Assert.Equal(20, range.Count(e => e.ObjectId == inside));
        Assert.All(range, e => Assert.InRange(e.At.ToDateTimeOffset(), since, until.AddTicks(-1)));
        Assert.Equal(all.Where(e => e.At.ToDateTimeOffset() >= since && e.At.ToDateTimeOffset() < until).Select(e => e.Sequence), range.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ListAuditEvents_MalformedOrForeignPageToken_InvalidArgumentNamingPageToken()
    {
        var (mine, _) = await HandoffApi.RegisterFacilityAsync(_server, "page-token-a");
        var (other, _) = await HandoffApi.RegisterFacilityAsync(_server, "page-token-b");
        await AuditPages.RunAsync(5, 1, _ => other.Transfers.ListTransfersAsync(new ListTransfersRequest()).ResponseAsync);
        var othersToken = (await other.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { PageSize = 2 })).NextPageToken;
        Assert.NotEmpty(othersToken);

        foreach (var token in new[] { "not-a-token", othersToken, othersToken[..^2], othersToken + "AA", new string('A', 5000) })
        {
            var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
                () => mine.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { PageToken = token }));
            Assert.Contains("page_token", failure.Status.Detail, StringComparison.Ordinal);
            var field = failure.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Single().Field;
            Assert.Equal("page_token", field);
        }
        // The operator's log is another log too.
        await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => HandoffApi.Operator(_server).Audit.ListAuditEventsAsync(new ListAuditEventsRequest { PageToken = othersToken }));
    }

    [Fact]
    public async Task ListAuditEvents_UntilBeforeSince_InvalidArgumentNamingUntil()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "page-reversed");
        var now = DateTimeOffset.UtcNow;

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => api.Audit.ListAuditEventsAsync(new ListAuditEventsRequest
        {
            Since = Timestamp.FromDateTimeOffset(now), Until = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
        }));

        Assert.Equal("until", failure.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Single().Field);
    }
}
