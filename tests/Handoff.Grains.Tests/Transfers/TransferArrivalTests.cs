using Handoff.Contracts.Transfers;
using Handoff.Testing;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>
/// A transfer whose patient arrives before its images: Late comes from the reminder at the arrival even though no
/// progress is reported at all, the flag shows, and the study's chunks are boosted while the transfer is behind.
/// </summary>
public sealed class TransferArrivalTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public TransferArrivalTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Create_ArrivalPassesWithNothingUploaded_LateFlaggedAndTheStudyBoosted()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = scenario.Transfer();
        var arrival = DateTimeOffset.UtcNow.AddSeconds(2);
        await transfer.Create(scenario.Command() with { ExpectedArrival = arrival });
        Assert.False(await scenario.Study.IsArrivalBoosted());

        var events = await Events.UntilAsync(transfer, TransferEventKind.Late);
        var record = (await transfer.Get())!;

        var late = events.Single(e => e.Kind == TransferEventKind.Late);
        Assert.True(late.At >= arrival);
        Assert.Equal(TransferStatus.Receiving, late.State);
        Assert.True(record.Arrival!.Late);
        Assert.Null(record.Arrival.PredictedReady); // nothing measured: no prediction, and no constant pretending to be one
        await Poll.UntilAsync(() => scenario.Study.IsArrivalBoosted(), Events.Deadline, "the study boosted while its transfer is late");
    }

    [Fact]
    public async Task Create_WithoutAnArrival_NoForecast()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = scenario.Transfer();

        await transfer.Create(scenario.Command() with { ExpectedArrival = null });

        Assert.Null((await transfer.Get())!.Arrival);
    }
}
