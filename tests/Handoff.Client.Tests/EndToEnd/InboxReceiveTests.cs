using System.Collections.Concurrent;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>
/// A standing receiver against a real server: transfers that waited before it started and one sent while it runs
/// all arrive byte for byte and acknowledged, STAT first and routine one at a time under a limit of one; a transfer
/// its sender cancels is reported and left, and the receiver goes on.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InboxReceiveTests(ServerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ReceiveInbox_WaitingAndArrivingTransfers_AllReceivedStatFirstRoutineOneAtATime()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("inbox-send");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("inbox-recv");
        using var folders = new TempFolder("client-inbox");
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), senderKey));
        using var receiver = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), receiverKey));
        var routineOld = await SendAsync(sender, folders.Combine("routine-old"), 321, destination, Priority.Routine, timeout.Token);
        var routineNew = await SendAsync(sender, folders.Combine("routine-new"), 322, destination, Priority.Routine, timeout.Token);
        var stat = await SendAsync(sender, folders.Combine("stat"), 323, destination, Priority.Stat, timeout.Token);
        var steps = new ConcurrentQueue<InboxReceiveEvent>();
        var options = new InboxReceiveOptions { ConcurrentTransfers = 1, Report = steps.Enqueue };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var receiving = receiver.ReceiveInboxAsync(t => new FolderInstanceSink(folders.Combine("in", t.Id)), options, stop.Token);
        await Poll.UntilAsync(() => Count(steps, InboxReceiveStep.Received) == 3, Deadline, "the three waiting transfers received");
        var later = await SendAsync(sender, folders.Combine("later"), 324, destination, Priority.Urgent, timeout.Token);
        await Poll.UntilAsync(() => Count(steps, InboxReceiveStep.Received) == 4, Deadline, "the transfer sent while it ran received");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving);

        var order = steps.ToList();
        Assert.DoesNotContain(order, s => s.Step is InboxReceiveStep.Retrying or InboxReceiveStep.Abandoned);
        Assert.Equal(stat, order.First(s => s.Step == InboxReceiveStep.Started).Transfer!.Id);
        Assert.True(IndexOf(order, InboxReceiveStep.Started, routineNew) > IndexOf(order, InboxReceiveStep.Received, routineOld),
            "the newer routine transfer started before the older one finished, past a limit of one");
        foreach (var (id, folder) in new[] { (routineOld, "routine-old"), (routineNew, "routine-new"), (stat, "stat"), (later, "later") })
        {
            StudyFolder.AssertSame(folders.Combine(folder), folders.Combine("in", id));
            Assert.Equal(TransferState.Acknowledged, (await sender.GetTransferAsync(id, timeout.Token)).State);
        }
    }

    [Fact]
    public async Task ReceiveInbox_SenderCancelsAWaitingTransfer_ReportedAbandonedAndTheNextStillArrives()
    {
        var (_, senderKey) = await fixture.AddFacilityAsync("inbox-cancel");
        var (destination, receiverKey) = await fixture.AddFacilityAsync("inbox-cdst");
        using var folders = new TempFolder("client-inbox-cancel");
        using var timeout = new CancellationTokenSource(Deadline);
        using var sender = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), senderKey));
        using var receiver = new HandoffClient(HandoffClientOptions.For(new Uri(fixture.Server.Address), receiverKey));
        // Declared, never uploaded: the receiver waits on it until the sender gives up.
        StudyFolder.Write(folders.Combine("stalled"), seed: 325, slices: 2);
        var source = FolderInstanceSource.FromReceivedLayout(folders.Combine("stalled"));
        var upload = await sender.OpenIncrementalUploadAsync(source.OpenChunkReader, cancellationToken: timeout.Token);
        var instances = new List<SourceInstance>();
        await foreach (var instance in source.ReadInstancesAsync(upload.ChunkSize, timeout.Token))
            instances.Add(instance);
        await upload.DeclareAsync(instances[0].StudyInstanceUid, instances, timeout.Token);
        var stalled = await upload.CreateTransferAsync("stalled", [instances[0].StudyInstanceUid], new SendOptions { DestinationFacilityId = destination }, timeout.Token);
        var steps = new ConcurrentQueue<InboxReceiveEvent>();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var receiving = receiver.ReceiveInboxAsync(t => new FolderInstanceSink(folders.Combine("in", t.Id)), new InboxReceiveOptions { Report = steps.Enqueue }, stop.Token);
        await Poll.UntilAsync(() => steps.Any(s => s.Step == InboxReceiveStep.Started && s.Transfer!.Id == stalled.Id), Deadline, "the stalled transfer's receive started");
        await sender.CancelTransferAsync(stalled.Id, "patient stayed", timeout.Token);
        await Poll.UntilAsync(() => steps.Any(s => s.Step == InboxReceiveStep.Abandoned), Deadline, "the cancelled transfer reported");
        var next = await SendAsync(sender, folders.Combine("next"), 326, destination, Priority.Routine, timeout.Token);
        await Poll.UntilAsync(() => steps.Any(s => s.Step == InboxReceiveStep.Received && s.Transfer!.Id == next), Deadline, "the next transfer received");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving);

        var abandoned = Assert.Single(steps, s => s.Step == InboxReceiveStep.Abandoned);
        Assert.Equal(stalled.Id, abandoned.Transfer!.Id);
        Assert.IsType<TransferEndedException>(abandoned.Error);
        Assert.DoesNotContain(steps, s => s.Step == InboxReceiveStep.Retrying);
        StudyFolder.AssertSame(folders.Combine("next"), folders.Combine("in", next));
    }

    private static async Task<string> SendAsync(HandoffClient sender, string folder, int seed, string destination, Priority priority, CancellationToken cancellationToken)
    {
        StudyFolder.Write(folder, seed, slices: 3);
        var sent = await sender.SendAsync(FolderInstanceSource.FromReceivedLayout(folder), new SendOptions { DestinationFacilityId = destination, Priority = priority }, cancellationToken);
        return sent.TransferId;
    }

    private static int Count(IEnumerable<InboxReceiveEvent> steps, InboxReceiveStep step) => steps.Count(s => s.Step == step);

    private static int IndexOf(List<InboxReceiveEvent> steps, InboxReceiveStep step, string transferId) =>
        steps.FindIndex(s => s.Step == step && s.Transfer!.Id == transferId);
}
