using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>Reading the audit trail is itself in the trail: who read which log, in that log and the operator's.</summary>
public sealed class AuditReadTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListAuditEvents_FacilityAndOperatorRead_EachReadIsAnEventInTheLogRead()
    {
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(_server, "reader");
        var operatorApi = HandoffApi.Operator(_server);

        var first = await facility.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        await operatorApi.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { FacilityId = "reader", Actor = "reader" });
        var after = await facility.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        var operatorLog = await operatorApi.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { PageSize = 1000 });

        Assert.DoesNotContain(first.Events, e => e.Action == "audit.read"); // a read is written when it ends
        Assert.Equal("reader", first.LogId);
        var reads = after.Events.Where(e => e.Action == "audit.read").ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal(("operator", "audit-log", "reader", "success", "actor reader"), (reads[0].Actor, reads[0].ObjectType, reads[0].ObjectId, reads[0].Outcome, reads[0].Detail));
        Assert.Equal(("reader", "reader"), (reads[1].Actor, reads[1].ObjectId));
        Assert.False(string.IsNullOrEmpty(reads[1].NetworkAddress));
        Assert.Equal(3, operatorLog.Events.Count(e => e.Action == "audit.read"));
    }

    [Fact]
    public async Task ListAuditEvents_FacilityAsksForAnotherLog_RefusedAndTheRefusalAudited()
    {
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(_server, "nosy");
        await HandoffApi.RegisterFacilityAsync(_server, "private");

        await RpcAssert.FailsWith(Grpc.Core.StatusCode.PermissionDenied,
            () => facility.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { FacilityId = "private" }));
        var own = await facility.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());

        var refused = Assert.Single(own.Events, e => e.Action == "audit.read");
        Assert.Equal(("nosy", "denied"), (refused.Actor, refused.Outcome));
    }
}
