using Handoff.Contracts.Retention;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Testing;

namespace Handoff.Grains.Tests;

/// <summary>Studies let go by time alone: their transfer expired, or no transfer ever carried them.</summary>
public sealed class StudyExpiryTests : IClassFixture<ShortRetentionClusterFixture>
{
    private readonly IGrainFactory _grains;

    public StudyExpiryTests(ShortRetentionClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Reminder_OnlyTransferExpired_StudyClearedBeforeTheExpiredEvent()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var transfer = await scenario.CreateTransferAsync();

        await Events.UntilAsync(transfer, TransferEventKind.Expired);

        Assert.False(await scenario.Study.Exists());
        Assert.Empty(await scenario.Study.GetRetainedChunkHashes());
        Assert.DoesNotContain(scenario.StudyUid, await _grains.GetGrain<IStudyRegistryGrain>(scenario.Source).List());

        // The transfer is the record: still readable, as Expired, with what it carried.
        var record = await transfer.Get();
        Assert.Equal(TransferStatus.Expired, record?.State);
        Assert.Equal(scenario.Instances.Count, Assert.Single(record!.Studies).InstancesAvailable);
    }

    [Fact]
    public async Task Reminder_StudyNeverSent_ClearedAfterRetention()
    {
        var facility = TestData.FacilityId("orphan");
        var studyUid = TestData.Uid();
        var study = _grains.GetGrain<IStudyGrain>(StudyKey.Of(facility, studyUid));
        await study.Declare(TestData.Declare(TestData.Instances(2)));

        await Poll.UntilAsync(async () => !await study.Exists(), Events.Deadline, "the unsent study is cleared");

        Assert.DoesNotContain(studyUid, await _grains.GetGrain<IStudyRegistryGrain>(facility).List());
    }
}
