using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;
using Handoff.Testing;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>
/// A transfer whose patient arrives before its images: Late comes from the reminder at the arrival even though no
/// progress is reported at all (the look-again timer runs every 10 minutes here, so it cannot be what says Late), the
/// flag shows, and the study's chunks are boosted while the transfer is behind.
/// </summary>
public sealed class TransferArrivalTests : IClassFixture<SlowCheckClusterFixture>
{
    private readonly SlowCheckClusterFixture _cluster;
    private readonly IGrainFactory _grains;

    public TransferArrivalTests(SlowCheckClusterFixture cluster)
    {
        _cluster = cluster;
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
        await Poll.UntilAsync(async () => !await HasArrivalReminderAsync(transfer), Events.Deadline, "the arrival reminder removed once Late is said");
    }

    [Fact]
    public async Task Create_RetriedAfterTheArrivalReminderWasLost_RegistersItAgain()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = scenario.Transfer();
        var command = scenario.Command() with { ExpectedArrival = DateTimeOffset.UtcNow.AddHours(1) };
        await transfer.Create(command);
        var reminder = (await _cluster.Reminders.ReadRows(transfer.GetGrainId())).Reminders.Single(r => r.ReminderName == TransferGrain.ArrivalReminder);
        Assert.True(await _cluster.Reminders.RemoveRow(transfer.GetGrainId(), reminder.ReminderName, reminder.ETag!)); // as if its registration had failed

        await transfer.Create(command);

        Assert.True(await HasArrivalReminderAsync(transfer));
    }

    private async Task<bool> HasArrivalReminderAsync(ITransferGrain transfer) =>
        (await _cluster.Reminders.ReadRows(transfer.GetGrainId())).Reminders.Any(r => r.ReminderName == TransferGrain.ArrivalReminder);

    [Fact]
    public async Task Create_WithoutAnArrival_NoForecast()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = scenario.Transfer();

        await transfer.Create(scenario.Command() with { ExpectedArrival = null });

        Assert.Null((await transfer.Get())!.Arrival);
    }
}
