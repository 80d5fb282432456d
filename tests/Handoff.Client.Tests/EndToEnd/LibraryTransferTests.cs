using System.Globalization;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>
/// The library against a real server process: a study sent by one facility arrives at another byte for byte,
/// verified and acknowledged; a send cancelled halfway resumes the same transfer; a dead first address fails over.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LibraryTransferTests(ServerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SendReceiveAcknowledge_OneStudy_ReceivedFilesEqualSentAndTransferAcknowledged()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("lib-send");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("lib-recv");
        using var folders = new TempFolder("client-e2e");
        var sentFolder = folders.Combine("sent");
        StudyFolder.Write(sentFolder, seed: 301, slices: 6, series: 2);
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), senderKey));
        using var receiver = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), receiverKey));

        var sent = await sender.SendAsync(FolderInstanceSource.FromReceivedLayout(sentFolder), new SendOptions { DestinationFacilityId = destination }, timeout.Token);
        var events = CollectEventsAsync(receiver, sent.TransferId, timeout.Token);
        var received = await receiver.ReceiveAsync(sent.TransferId, new FolderInstanceSink(folders.Combine("received")), new ReceiveOptions { Parallel = 2 }, timeout.Token);

        Assert.Equal(6, sent.Instances);
        Assert.Equal(6, received.Instances);
        Assert.True(received.Acknowledged);
        Assert.Equal(TransferState.Acknowledged, received.State);
        StudyFolder.AssertSame(sentFolder, folders.Combine("received"));
        Assert.Equal(TransferState.Acknowledged, (await sender.GetTransferAsync(sent.TransferId, timeout.Token)).State);
        // The watch ends by itself with the final state, and saw every instance become available.
        var seen = await events;
        Assert.Equal(TransferState.Acknowledged, seen[^1].State);
        Assert.Equal(6, seen.Count(e => e.Type == TransferEventType.InstanceAvailable));
    }

    [Fact]
    public async Task SendAsync_CancelledHalfwayThenRunAgain_ResumesTheSameTransferAndSendsOnlyTheRest()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("lib-resume");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("lib-resdst");
        using var folders = new TempFolder("client-resume");
        var sentFolder = folders.Combine("sent");
        StudyFolder.Write(sentFolder, seed: 302, slices: 24);
        var totalBytes = StudyFolder.Read(sentFolder).Values.Sum(b => (long)b.Length);
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), senderKey));
        var options = new SendOptions { DestinationFacilityId = destination, Parallel = 1 };

        using var halfway = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var progress = new CancelAfter(halfway, totalBytes / 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(FolderInstanceSource.FromReceivedLayout(sentFolder), options with { Progress = progress }, halfway.Token));
        var resumed = await sender.SendAsync(FolderInstanceSource.FromReceivedLayout(sentFolder), options, timeout.Token);

        Assert.True(progress.Moved > 0, "the first run moved nothing before it was cancelled");
        Assert.True(resumed.BytesSent < totalBytes, string.Create(CultureInfo.InvariantCulture, $"the second run sent {resumed.BytesSent} of {totalBytes} bytes"));
        Assert.Single(await sender.ListTransfersAsync(Mailbox.Outbox, timeout.Token));
        using var receiver = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), receiverKey));
        await receiver.ReceiveAsync(resumed.TransferId, new FolderInstanceSink(folders.Combine("received")), cancellationToken: timeout.Token);
        StudyFolder.AssertSame(sentFolder, folders.Combine("received"));
    }

    [Fact]
    public async Task SendAndReceive_FirstServerAddressDead_FailOverToTheSecond()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("lib-failover");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("lib-fodst");
        using var folders = new TempFolder("client-failover");
        var sentFolder = folders.Combine("sent");
        StudyFolder.Write(sentFolder, seed: 303, slices: 3);
        var dead = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Take(1)[0]}"));
        Uri[] servers = [dead, new Uri(fixture.Server.Address)];
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(new HandoffClientOptions { Servers = servers, ApiKey = senderKey });
        using var receiver = new HandoffClient(new HandoffClientOptions { Servers = servers, ApiKey = receiverKey });

        var sent = await sender.SendAsync(FolderInstanceSource.FromReceivedLayout(sentFolder), new SendOptions { DestinationFacilityId = destination }, timeout.Token);
        var received = await receiver.ReceiveAsync(sent.TransferId, new FolderInstanceSink(folders.Combine("received")), cancellationToken: timeout.Token);

        Assert.True(received.Acknowledged);
        StudyFolder.AssertSame(sentFolder, folders.Combine("received"));
    }

    [Fact]
    public async Task SendAsync_OnlyDeadAddresses_UnavailableNamingThemAtOnce()
    {
        var ports = FreePorts.Take(2);
        var options = new HandoffClientOptions
        {
            Servers = [.. ports.Select(p => new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{p}")))],
            ApiKey = "no-such-key",
        };
        using var folders = new TempFolder("client-dead");
        StudyFolder.Write(folders.Path, seed: 304, slices: 1);
        using var client = new HandoffClient(options);

        var error = await Assert.ThrowsAsync<HandoffUnavailableException>(() => client.SendAsync(FolderInstanceSource.FromReceivedLayout(folders.Path), new SendOptions { DestinationFacilityId = "anyone" }));

        Assert.Equal(2, error.Servers.Count);
        Assert.Contains(ports[0].ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<TransferEvent>> CollectEventsAsync(HandoffClient client, string transferId, CancellationToken cancellationToken)
    {
        var events = new List<TransferEvent>();
        await foreach (var transferEvent in client.FollowTransferAsync(transferId, 0, cancellationToken))
            events.Add(transferEvent);
        return events;
    }

    /// <summary>Cancels a send once it has moved some bytes, as a user pressing Ctrl-C halfway.</summary>
    private sealed class CancelAfter(CancellationTokenSource cancellation, long bytes) : IProgress<TransferProgress>
    {
        private long _moved;

        public long Moved => Interlocked.Read(ref _moved);

        public void Report(TransferProgress value)
        {
            if (value.BytesMoved > Interlocked.Read(ref _moved))
                Interlocked.Exchange(ref _moved, value.BytesMoved);
            // Cancelled from another thread: this report comes from inside an upload stream's acknowledgement loop.
            if (value.BytesMoved >= bytes)
                _ = cancellation.CancelAsync();
        }
    }
}
