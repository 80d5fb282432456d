using Google.Protobuf.WellKnownTypes;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// A facility probes another's transfer (NOT_FOUND: it is not told the transfer exists), then makes over ten thousand
/// cheap audited calls to bury the probes. The audit API once returned only the newest 10,000 events, with no paging
/// or time range, so the operator could not see them any more. Now the operator finds them by time range and by
/// paging, and the owner of the transfer sees them in its own log.
/// </summary>
public sealed class HostileProbeTests : IAsyncLifetime
{
    private const int CheapCalls = 10_500;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly TempFolder _files = new("probe");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(RateLimits.Lifted);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task ProbeThenThousandsOfCheapCalls_OperatorStillFindsProbesByTimeAndByPaging()
    {
        var owner = await SentStudy.CreateAsync(_server, "probed", _files.Combine("study"), seed: 7);
        var (mallory, _) = await HandoffApi.RegisterFacilityAsync(_server, "mallory");
        var probeStart = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
            await RpcAssert.FailsWith(StatusCode.NotFound, () => mallory.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = owner.TransferId }));
        var probeEnd = DateTimeOffset.UtcNow;
        await AuditPages.RunAsync(CheapCalls, 64, _ => mallory.Transfers.ListTransfersAsync(new ListTransfersRequest()).ResponseAsync);
        var operatorApi = HandoffApi.Operator(_server);

        var (inWindow, _) = await AuditPages.ReadAllAsync(operatorApi, new ListAuditEventsRequest
        {
            PageSize = 100, Since = Timestamp.FromDateTimeOffset(probeStart), Until = Timestamp.FromDateTimeOffset(probeEnd.AddMilliseconds(1)),
        });
        // With the cluster's checkpoints (hidden by default), every sequence number of the log is there.
        var (everything, pages) = await AuditPages.ReadAllAsync(operatorApi, new ListAuditEventsRequest { PageSize = 10_000, IncludeCheckpoints = true });

        Assert.Equal(3, inWindow.Count(IsProbe(owner.TransferId)));
        Assert.True(pages >= 2, $"{everything.Count} events in {pages} pages");
        Assert.Equal(3, everything.Count(IsProbe(owner.TransferId)));
        Assert.Equal(CheapCalls, everything.Count(e => e.Actor == "mallory" && e.Action == "transfer.list"));
        Assert.Equal(Enumerable.Range(0, everything.Count).Reverse().Select(n => (long)n), everything.Select(e => e.Sequence));
        // Mallory's own log does not learn whose transfer it reached for; the owner's log names Mallory.
        var (ofMallory, _) = await AuditPages.ReadAllAsync(mallory, new ListAuditEventsRequest { PageSize = 10_000 });
        Assert.Equal(3, ofMallory.Count(IsProbe(owner.TransferId)));
        Assert.All(ofMallory, e => Assert.Equal("mallory", e.FacilityId));
        await Poll.UntilAsync(async () =>
        {
            var (ofOwner, _) = await AuditPages.ReadAllAsync(owner.Sender, new ListAuditEventsRequest { PageSize = 1000 });
            return ofOwner.Count(IsProbe(owner.TransferId)) == 3;
        }, Deadline, "the owner's log shows the three probes");
    }

    private static Func<AuditEvent, bool> IsProbe(string transferId) =>
        e => e.Actor == "mallory" && e.Action == "transfer.get" && e.Outcome == "not-found" && e.ObjectId == transferId;
}
