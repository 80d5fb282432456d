using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>Progress reports a transfer must ignore: from a study it does not carry, or repeating what it knows.</summary>
public sealed class TransferProgressTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public TransferProgressTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task OnStudyProgress_StudyNotCarried_NothingChanges()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();
        var before = (await transfer.Get())!;

        await transfer.OnStudyProgress(new StudyProgress(TestData.Uid(), ["1.2.3.4"], new TransferStudyRecord("other", 1, 1, 10, true)));

        var after = (await transfer.Get())!;
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(TransferStatus.Receiving, after.State);
    }

    [Fact]
    public async Task OnStudyProgress_SameTotalsAgain_NoEventNoWrite()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();
        var before = (await transfer.Get())!;

        await transfer.OnStudyProgress(new StudyProgress(scenario.StudyUid, [], before.Studies[0]));

        var after = (await transfer.Get())!;
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }
}
