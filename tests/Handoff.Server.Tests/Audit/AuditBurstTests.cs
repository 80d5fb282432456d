using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// A burst of audited calls that the client cancels as soon as they have started. Each once appended its event to
/// each log alone, queued behind the others in the log grain until the writes timed out: of 10,000 such calls about
/// 3,000 reached the logs, with thousands of "could not write the audit event" lines. Now the events of calls that end
/// together go to a log in one write, and a write that fails is retried.
/// </summary>
public sealed class AuditBurstTests : IAsyncLifetime
{
    private const int Watches = 10_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new("burst");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(RateLimits.Lifted);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task WatchTransfer_BurstCancelledByClient_EveryStartedCallInEveryLog()
    {
        var sent = await SentStudy.CreateAsync(_server, "burst", _files.Combine("study"), seed: 3);
        var request = new WatchTransferRequest { TransferId = sent.TransferId };
        var started = 0;

        await Task.WhenAll(Enumerable.Range(0, Watches).Select(_ => Task.Run(async () =>
        {
            using var cancel = new CancellationTokenSource();
            using var call = sent.Sender.Transfers.WatchTransfer(request, cancellationToken: cancel.Token);
            try
            {
                // The first message (the timeline replayed) shows the server is running the call.
                if (await call.ResponseStream.MoveNext())
                    Interlocked.Increment(ref started);
            }
            catch (RpcException refused) when (refused.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable or StatusCode.Internal)
            {
                // Kestrel refuses new streams on a connection whose client resets streams faster than the server
                // finishes them (HTTP/2 ENHANCE_YOUR_CALM): such a call never reaches the service.
            }
            await cancel.CancelAsync();
        })));

        Assert.True(started >= 2_000, $"only {started} of {Watches} calls started");
        // The sender's and the operator's copies are written before each call ends, the destination's after. A call
        // the server started but could not tell the client about is audited too, so there may be more than started.
        foreach (var (api, facility, which) in new[]
        {
            (sent.Sender, "", "the sender's log"), (HandoffApi.Operator(_server), "", "the operator's log"),
            (HandoffApi.Operator(_server), sent.DestinationId, "the destination's log"),
        })
        {
            var count = 0;
            await Poll.UntilAsync(async () => (count = await WatchesInAsync(api, facility)) >= started, Deadline,
                $"all {started} started watches in {which}");
            Assert.InRange(count, started, Watches);
        }
        Assert.DoesNotContain("could not write the audit event", _server.Output, StringComparison.Ordinal);
    }

    private static async Task<int> WatchesInAsync(HandoffApi api, string facilityId)
    {
        var (events, _) = await AuditPages.ReadAllAsync(api, new ListAuditEventsRequest { PageSize = 10_000, FacilityId = facilityId });
        return events.Count(e => e.Action == "transfer.watch" && e.Actor == "burst");
    }
}
