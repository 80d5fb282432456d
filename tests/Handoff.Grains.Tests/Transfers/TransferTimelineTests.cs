using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>A transfer's event log: gap-free sequences, watchers kept to what storage holds, inbox mirroring.</summary>
public sealed class TransferTimelineTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Fact]
    public void Append_SeveralEvents_SequencesOneTwoThreeWithStatusAndTransfer()
    {
        var timeline = new TransferTimeline(Id, []);

        timeline.Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");
        timeline.Append(TransferEventKind.StudyComplete, TransferStatus.Receiving, "st-a", "1.2.3");
        var last = timeline.Append(TransferEventKind.Available, TransferStatus.Available, null);

        Assert.Equal([1L, 2L, 3L], timeline.ToArray().Select(e => e.Sequence));
        Assert.Equal(Id, last.TransferId);
        Assert.Equal(TransferStatus.Available, last.State);
        Assert.Equal("", last.Actor);
    }

    [Fact]
    public void Append_AfterStoredEvents_ContinuesTheirSequence()
    {
        var stored = new List<TransferEventRecord>();
        new TransferTimeline(Id, stored).Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");

        var reloaded = new TransferTimeline(Id, stored);

        Assert.Equal(2, reloaded.Append(TransferEventKind.Cancelled, TransferStatus.Cancelled, "st-a").Sequence);
    }

    [Fact]
    public async Task WaitForEvents_AppendedButNotDurable_Invisible()
    {
        var timeline = new TransferTimeline(Id, []);
        timeline.Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");

        Assert.Empty(await timeline.WaitForEventsAsync(0, TimeSpan.Zero));

        timeline.MarkDurable();
        Assert.Single(await timeline.WaitForEventsAsync(0, TimeSpan.Zero));
    }

    [Fact]
    public async Task WaitForEvents_StoredOnLoad_VisibleAtOnce()
    {
        var stored = new List<TransferEventRecord>();
        new TransferTimeline(Id, stored).Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");

        var events = await new TransferTimeline(Id, stored).WaitForEventsAsync(0, TimeSpan.Zero);

        Assert.Single(events);
    }

    [Fact]
    public async Task WaitForEvents_Waiting_WokenByMarkDurable()
    {
        var timeline = new TransferTimeline(Id, []);
        var waiting = timeline.WaitForEventsAsync(0, TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);

        timeline.Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");
        timeline.MarkDurable();

        var events = await waiting.WaitAsync(Events.Deadline);
        Assert.Equal(TransferEventKind.Created, Assert.Single(events).Kind);
    }

    [Fact]
    public void TakeUnmirrored_TwiceAfterAppends_EachEventOnce()
    {
        var timeline = new TransferTimeline(Id, []);
        timeline.Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");
        timeline.Append(TransferEventKind.Available, TransferStatus.Available, "st-a");

        Assert.Equal(2, timeline.TakeUnmirrored().Length);
        Assert.Empty(timeline.TakeUnmirrored());
        timeline.Append(TransferEventKind.Downloaded, TransferStatus.Delivered, "st-b");
        Assert.Equal(3, Assert.Single(timeline.TakeUnmirrored()).Sequence);
    }

    [Fact]
    public void IsNewRelayEvent_SameWaitingReasonAgain_NotNew_OtherReasonNew()
    {
        var timeline = new TransferTimeline(Id, []);
        timeline.Append(TransferEventKind.RelayWaiting, TransferStatus.Available, "relay:north", detail: "peer down");

        Assert.False(timeline.IsNewRelayEvent(TransferEventKind.RelayWaiting, "peer down"));
        Assert.True(timeline.IsNewRelayEvent(TransferEventKind.RelayWaiting, "peer refused"));
    }

    [Fact]
    public void IsNewRelayEvent_WaitingReasonBackAfterAnotherRelayEvent_New()
    {
        var timeline = new TransferTimeline(Id, []);
        timeline.Append(TransferEventKind.RelayWaiting, TransferStatus.Available, "relay:north", detail: "peer down");
        timeline.Append(TransferEventKind.Relayed, TransferStatus.Available, "relay:north", detail: "3 instances");

        Assert.True(timeline.IsNewRelayEvent(TransferEventKind.RelayWaiting, "peer down"));
    }

    [Fact]
    public void IsNewRelayEvent_RelayedOrRemoteAvailableAgain_NotNew()
    {
        var timeline = new TransferTimeline(Id, []);
        timeline.Append(TransferEventKind.Relayed, TransferStatus.Available, "relay:north", detail: "3 instances");
        timeline.Append(TransferEventKind.RelayWaiting, TransferStatus.Available, "relay:north", detail: "peer down");

        Assert.False(timeline.IsNewRelayEvent(TransferEventKind.Relayed, "3 instances, again"));
        Assert.True(timeline.IsNewRelayEvent(TransferEventKind.RemoteAvailable, "available"));
    }

    [Fact]
    public void IsNewDeliveryWaiting_SameReasonAfterOtherEvents_NotNew_ChangedReasonNew()
    {
        var timeline = new TransferTimeline(Id, []);
        Assert.True(timeline.IsNewDeliveryWaiting("PACS down"));
        timeline.Append(TransferEventKind.DeliveryWaiting, TransferStatus.Delivered, "st-b", detail: "PACS down");
        timeline.Append(TransferEventKind.Downloaded, TransferStatus.Delivered, "st-b");

        Assert.False(timeline.IsNewDeliveryWaiting("PACS down"));
        Assert.True(timeline.IsNewDeliveryWaiting("PACS refused 1.2.3"));
    }

    [Fact]
    public void RemoteAvailableSinceStudyAdded_FollowsAppendsAndIsRestoredFromStorage()
    {
        var stored = new List<TransferEventRecord>();
        var timeline = new TransferTimeline(Id, stored);
        timeline.Append(TransferEventKind.Created, TransferStatus.Receiving, "st-a");
        for (var i = 0; i < 1000; i++)
            timeline.Append(TransferEventKind.InstanceAvailable, TransferStatus.Receiving, "st-a");
        Assert.False(timeline.RemoteAvailableSinceStudyAdded);

        timeline.Append(TransferEventKind.RemoteAvailable, TransferStatus.Available, "peer");
        Assert.True(timeline.RemoteAvailableSinceStudyAdded);
        Assert.True(new TransferTimeline(Id, stored).RemoteAvailableSinceStudyAdded);

        timeline.Append(TransferEventKind.StudyAdded, TransferStatus.Receiving, "st-a", "1.2.4");
        Assert.False(timeline.RemoteAvailableSinceStudyAdded);
        Assert.False(new TransferTimeline(Id, stored).RemoteAvailableSinceStudyAdded);
    }
}
