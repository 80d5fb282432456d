using System.Diagnostics;
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
