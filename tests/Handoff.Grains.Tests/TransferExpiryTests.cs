using System.Diagnostics;
using Handoff.Contracts.Audit;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

public sealed class TransferExpiryTests : IClassFixture<ShortRetentionClusterFixture>
{
    private readonly IGrainFactory _grains;

    public TransferExpiryTests(ShortRetentionClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Reminder_RetentionElapsed_TransferExpiredWithEvent()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();
        var clock = Stopwatch.StartNew();

        var timeline = await Events.UntilAsync(transfer, TransferEventKind.Expired);

        Assert.True(clock.Elapsed >= ShortRetentionClusterFixture.ShortRetention - TimeSpan.FromSeconds(1), $"expired after {clock.Elapsed}");
        Assert.Equal(TransferEventKind.Expired, timeline[^1].Kind);
        Assert.Equal(TransferStatus.Expired, (await transfer.Get())?.State);
        var inbox = await _grains.GetGrain<IFacilityGrain>(scenario.Destination).WaitForInboxEvents(0, TimeSpan.Zero);
        Assert.Contains(inbox, e => e.Kind == TransferEventKind.Expired);
        // Deleting data when retention ends is audited, in every log concerned, by the system actor.
        foreach (var log in new[] { scenario.Source, scenario.Destination, IAuditLogGrain.OperatorLog })
        {
            var events = await _grains.GetGrain<IAuditLogGrain>(log).List(100);
            Assert.Contains(events, e => (e.Action, e.ObjectId, e.Actor) == ("transfer.expire", transfer.GetPrimaryKey().ToString(), "system"));
        }
        var sourceEvents = await _grains.GetGrain<IAuditLogGrain>(scenario.Source).List(100);
        Assert.Contains(sourceEvents, e => (e.Action, e.ObjectId) == ("study.expire", scenario.StudyUid));

        // The expired transfer released its study, which was cleared; sending the same study again starts a new one,
        // and its progress changes nothing on the expired transfer.
        Assert.False(await scenario.Study.Exists());
        await scenario.Study.Declare(TestData.Declare(scenario.Instances));
        await TestData.UploadAsync(scenario.Study, scenario.Instances);
        await scenario.Study.Complete();
        var record = await transfer.Get();
        Assert.Equal(TransferStatus.Expired, record?.State);
        Assert.DoesNotContain(record!.Timeline, e => e.Kind == TransferEventKind.InstanceAvailable);
    }
}
