using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// A burst of audited calls that the client cancels as soon as they have started. Each once appended its event to
/// each log alone, queued behind the others in the log grain, until writes timed out and events were lost with only
/// a log line; now the events of calls that end together go to a log in one write, and a failed write is retried.
/// </summary>
public sealed class AuditBurstTests : IAsyncLifetime
{
    private const int Watches = 2_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new("burst");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task WatchTransfer_BurstCancelledByClient_EveryCallInEveryLog()
    {
        var sent = await SentStudy.CreateAsync(_server, "burst", _files.Combine("study"), seed: 3);
        var request = new WatchTransferRequest { TransferId = sent.TransferId };

        await Task.WhenAll(Enumerable.Range(0, Watches).Select(_ => Task.Run(async () =>
        {
            using var cancel = new CancellationTokenSource();
            using var call = sent.Sender.Transfers.WatchTransfer(request, cancellationToken: cancel.Token);
            Assert.True(await call.ResponseStream.MoveNext()); // the server has started the call: it replays the timeline
            await cancel.CancelAsync();
        })));

        // The sender's and the operator's copies are written before each call ends, the destination's after.
        await Poll.UntilAsync(async () => await WatchesInAsync(sent.Sender, null) == Watches, Deadline, "every watch in the sender's log");
        await Poll.UntilAsync(async () => await WatchesInAsync(HandoffApi.Operator(_server), null) == Watches, Deadline, "every watch in the operator's log");
        await Poll.UntilAsync(async () => await WatchesInAsync(HandoffApi.Operator(_server), sent.DestinationId) == Watches, Deadline,
            "every watch in the destination's log");
        Assert.DoesNotContain("could not write the audit event", _server.Output, StringComparison.Ordinal);
    }

    private static async Task<int> WatchesInAsync(HandoffApi api, string? facilityId)
    {
        var (events, _) = await AuditPages.ReadAllAsync(api, new ListAuditEventsRequest { PageSize = 10_000, FacilityId = facilityId ?? string.Empty });
        return events.Count(e => e.Action == "transfer.watch" && e.Actor == "burst");
    }
}
