using Handoff.Contracts.Audit;
using Handoff.Server.Auditing;
using Handoff.Server.Security;
using Handoff.Server.Shutdown;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// Which audit writes a call waits for. A refused call waits for the same logs whether the transfer it named is
/// someone else's or does not exist, so the answers take equally long; the owner learns of it afterwards.
/// </summary>
public sealed class AuditTrailTests
{
    private const string Prober = "prober";
    private const string Owner = "owner";
    private const string Destination = "destination";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FakeAuditLogs _logs = new();
    private readonly AuditTrail _trail;

    public AuditTrailTests()
    {
        var writer = new AuditLogWriter(_logs);
        var background = new AuditBackgroundWriter(_logs, new InFlightCalls(), TimeProvider.System, NullLogger<AuditBackgroundWriter>.Instance);
        _trail = new AuditTrail(writer, background, TimeProvider.System);
    }

    [Theory]
    [InlineData("not-found")]
    [InlineData("denied")]
    [InlineData("invalid")]
    public async Task WriteAsync_RefusedForeignOrMissingTransfer_BothAwaitOnlyCallerAndOperatorLogs(string outcome)
    {
        var foreign = new AuditScope().Object("transfer", "t-1").OwnedBy(Owner).Concerning(Destination);
        var missing = new AuditScope().Object("transfer", "t-2");
        _logs.Release(Prober, IAuditLogGrain.OperatorLog); // the owner's and destination's logs hold every append

        var durableForeign = await _trail.WriteAsync(Caller.Facility(Prober), "transfer.get", foreign, outcome).WaitAsync(Deadline);
        var durableMissing = await _trail.WriteAsync(Caller.Facility(Prober), "transfer.get", missing, outcome).WaitAsync(Deadline);

        Assert.True(durableForeign);
        Assert.True(durableMissing);
        Assert.Equal(["t-1", "t-2"], _logs.EventsOf(Prober).Select(e => e.ObjectId));
        Assert.Equal(["t-1", "t-2"], _logs.EventsOf(IAuditLogGrain.OperatorLog).Select(e => e.ObjectId));
        Assert.Empty(_logs.EventsOf(Owner));
        _logs.Release(Owner, Destination); // after the answer, the owner and the destination see who reached for it
        await Poll.UntilAsync(() => _logs.EventsOf(Owner).Count == 1 && _logs.EventsOf(Destination).Count == 1, Deadline, "the copies for the owner and the destination");
        Assert.All(_logs.EventsOf(Owner), e => Assert.Equal((Prober, Prober, outcome), (e.Actor, e.FacilityId, e.Outcome)));
    }

    [Fact]
    public async Task WriteAsync_RefusedWhileOperatorLogHangs_NotDoneUntilItIsWritten()
    {
        _logs.Release(Prober, Owner);

        var write = _trail.WriteAsync(Caller.Facility(Prober), "transfer.get", new AuditScope().Object("transfer", "t").OwnedBy(Owner), "not-found");
        await Poll.UntilAsync(() => _logs.EventsOf(Prober).Count == 1, Deadline, "the caller's copy");

        Assert.False(write.IsCompleted);
        _logs.Release(IAuditLogGrain.OperatorLog);
        Assert.True(await write.WaitAsync(Deadline));
    }

    [Fact]
    public async Task WriteAsync_Success_WaitsForEveryLogItConcerns()
    {
        _logs.Release(Destination, IAuditLogGrain.OperatorLog, Owner);

        var write = _trail.WriteAsync(Caller.Facility(Destination), "transfer.manifest", new AuditScope().Object("transfer", "t").OwnedBy(Owner), "success");
        await Poll.UntilAsync(() => _logs.EventsOf(Owner).Count == 1 && _logs.EventsOf(IAuditLogGrain.OperatorLog).Count == 1, Deadline, "the other copies");

        Assert.True(await write.WaitAsync(Deadline));
        Assert.Equal(Owner, Assert.Single(_logs.EventsOf(Destination)).FacilityId);
    }

    [Fact]
    public async Task WriteAsync_AwaitedWriteFails_NotDurableThenWrittenByARetry()
    {
        _logs.Release(Prober, IAuditLogGrain.OperatorLog);
        _logs.FailNext(IAuditLogGrain.OperatorLog);

        var durable = await _trail.WriteAsync(Caller.Facility(Prober), "transfer.watch", new AuditScope().Object("transfer", "t"), "success").WaitAsync(Deadline);

        Assert.False(durable); // the interceptor answers UNAVAILABLE
        await Poll.UntilAsync(() => _logs.EventsOf(IAuditLogGrain.OperatorLog).Count == 1, Deadline, "the retried operator copy");
        Assert.Single(_logs.EventsOf(Prober));
    }
}
