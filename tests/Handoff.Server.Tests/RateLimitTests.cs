using Google.Protobuf;
using Google.Rpc;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Each caller has its own budget of calls and open streams (here set low, see <see cref="RateLimitedServerFixture"/>).
/// A facility over it gets RESOURCE_EXHAUSTED with a RetryInfo, is not audited call by call, and leaves every other
/// facility's budget untouched.
/// </summary>
public sealed class RateLimitTests : IClassFixture<RateLimitedServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ServerProcess _server;

    public RateLimitTests(RateLimitedServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task ListTransfers_FacilityOverItsRate_ResourceExhaustedWithRetryInfo_OthersUnaffected_RefusalsNotAudited()
    {
        var (flooder, _) = await HandoffApi.RegisterFacilityAsync(_server, "rl-flood");
        var (neighbour, _) = await HandoffApi.RegisterFacilityAsync(_server, "rl-quiet");

        var (answered, beforeFirstRefusal, refusals) = await FloodAsync(flooder, RateLimitedServerFixture.Burst * 10);

        Assert.True(refusals.Count > 0, $"{answered} calls in a row were answered");
        Assert.True(beforeFirstRefusal >= RateLimitedServerFixture.Burst, $"only {beforeFirstRefusal} calls were answered before the first refusal");
        var first = refusals[0];
        Assert.Contains("too many calls", first.Status.Detail, StringComparison.Ordinal);
        var retry = first.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.True(retry.RetryDelay.ToTimeSpan() > TimeSpan.Zero, $"retry delay {retry.RetryDelay}");
        Assert.Equal("RATE_LIMITED", first.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);

        // The neighbour's own bucket is full.
        await neighbour.Transfers.ListTransfersAsync(new ListTransfersRequest());

        // Only the answered calls reached the audit log, and the log got one line about the flood.
        var audit = await HandoffApi.Operator(_server).Audit.ListAuditEventsAsync(new ListAuditEventsRequest { FacilityId = "rl-flood", Limit = 10_000 });
        Assert.Equal(answered, audit.Events.Count(e => e.Action == "transfer.list" && e.Actor == "rl-flood"));
        const string line = "facility:rl-flood is over its call rate";
        await Poll.UntilAsync(() => _server.Output.Contains(line, StringComparison.Ordinal), Deadline, "the rate-limit warning");
        Assert.Single(_server.Output.Split('\n'), l => l.Contains(line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchTransfer_MoreStreamsThanTheLimit_ResourceExhausted_OtherFacilityWatches_SlotFreedWhenAStreamEnds()
    {
        var (source, _) = await HandoffApi.RegisterFacilityAsync(_server, "rl-streams");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, "rl-streams-dest");
        var transferId = await CreateTransferAsync(source, "rl-streams-dest");

        using var first = await WatchAsync(source, transferId);
        using var second = await WatchAsync(source, transferId);
        var refused = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, async () => { using var third = await WatchAsync(source, transferId); });
        Assert.Contains("too many open streams", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("TOO_MANY_STREAMS", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.NotNull(refused.GetRpcStatus()?.GetDetail<RetryInfo>());
        // Unary calls are not streams: the source can still ask.
        await source.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });

        // The destination has slots of its own.
        using var destinationWatch = await WatchAsync(destination, transferId);

        // Once a stream ends its slot is free again; asking again after the advised delay, as a client should.
        first.Dispose();
        var reopened = await ReopenAsync(source, transferId);
        reopened.Dispose();
    }

    /// <summary>Calls as fast as one client can; counts the answers (in all, and before the first refusal) and keeps the refusals.</summary>
    private static async Task<(int Answered, int BeforeFirstRefusal, List<RpcException> Refusals)> FloodAsync(HandoffApi api, int calls)
    {
        var answered = 0;
        var beforeFirstRefusal = -1;
        var refusals = new List<RpcException>();
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await api.Transfers.ListTransfersAsync(new ListTransfersRequest());
                answered++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                if (refusals.Count == 0)
                    beforeFirstRefusal = answered;
                refusals.Add(e);
            }
        }
        return (answered, beforeFirstRefusal, refusals);
    }

    private static async Task<string> CreateTransferAsync(HandoffApi source, string destination)
    {
        // A study whose bytes never come: the transfer stays Receiving, with its "created" event to replay.
        var declaration = new InstanceDeclaration { SopInstanceUid = "1.2.826.0.1.3680043.10.7.1", Size = 10, SourceName = "never-sent.dcm" };
        declaration.ChunkHashes.Add(ByteString.CopyFrom(new byte[32]));
        var uid = OtherStudyUpload.NewStudyUid();
        await source.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = uid, Instances = { declaration } });
        var transfer = await source.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "rl-streams", DestinationFacilityId = destination, StudyInstanceUids = { uid },
        });
        return transfer.Id;
    }

    /// <summary>A watch that has received its first event, so the server holds its stream slot.</summary>
    private static async Task<AsyncServerStreamingCall<TransferEvent>> WatchAsync(HandoffApi api, string transferId)
    {
        var call = api.Transfers.WatchTransfer(new WatchTransferRequest { TransferId = transferId });
        try
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    private static async Task<AsyncServerStreamingCall<TransferEvent>> ReopenAsync(HandoffApi api, string transferId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await WatchAsync(api, transferId);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && clock.Elapsed < Deadline)
            {
                await Task.Delay(e.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() ?? TimeSpan.FromSeconds(1));
            }
        }
    }
}
