using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>The measured rates and the pipeline formula behind a transfer's predicted ready time.</summary>
public sealed class ArrivalForecastTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public void Observe_SteadyReports_RateIsTheLinksRate()
    {
        var rate = Steady(new MeasuredRate(), bytesPerSecond: 10_000, seconds: 60);

        Assert.Equal(10_000, rate.Effective(Created.AddSeconds(60), Window)!.Value, precision: 3);
    }

    [Fact]
    public void Observe_RateDrops_AverageFollowsWithinAFewWindows()
    {
        var rate = Steady(new MeasuredRate(), bytesPerSecond: 100_000, seconds: 60);
        for (var s = 61; s <= 150; s++)
            rate.Observe(rate.Bytes + 10_000, Created.AddSeconds(s), Window);

        Assert.InRange(rate.Effective(Created.AddSeconds(150), Window)!.Value, 10_000, 15_000);
    }

    [Fact]
    public void Effective_SilenceLongerThanTheWindow_RateFallsWithTheSilence()
    {
        var rate = Steady(new MeasuredRate(), bytesPerSecond: 10_000, seconds: 60);

        Assert.Equal(10_000, rate.Effective(Created.AddSeconds(60) + Window, Window)!.Value, precision: 3);
        Assert.Equal(5_000, rate.Effective(Created.AddSeconds(60) + 2 * Window, Window)!.Value, precision: 3);
    }

    [Fact]
    public void Effective_BeforeTwoReports_Unknown()
    {
        var rate = new MeasuredRate();
        rate.Observe(1000, Created, Window);

        Assert.Null(rate.Effective(Created.AddSeconds(1), Window));
    }

    [Fact]
    public void Predict_Local_RemainingOverTheUploadRate()
    {
        var state = Uploading(stored: 1_000_000, bytesPerSecond: 10_000);
        var now = Created.AddSeconds(100);

        var prediction = ArrivalForecast.Predict(state, bytesDeclared: 3_000_000, remote: false, Created, now, Window);

        Assert.Equal(now.AddSeconds(200), prediction.ReadyAt);
        Assert.Contains("2.0 MB to upload at 10.0 kB/s", prediction.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_Remote_TheSlowerOfUploadAndRelay()
    {
        var state = Uploading(stored: 1_000_000, bytesPerSecond: 10_000);
        state.RelayToSend = 3_000_000;
        state.RelaySent = 0;
        for (var s = 0; s <= 100; s++)
            state.Relay.Observe(s * 5_000L, Created.AddSeconds(s), Window);
        state.RelaySent = state.Relay.Bytes;
        var now = Created.AddSeconds(100);

        var prediction = ArrivalForecast.Predict(state, bytesDeclared: 3_000_000, remote: true, Created, now, Window);

        // Upload alone: 200 s; relay: 2.5 MB left at 5 kB/s = 500 s, so the relay decides.
        Assert.Equal(now.AddSeconds(500), prediction.ReadyAt);
        Assert.Contains("to relay at 5.0 kB/s", prediction.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NoProgressForAWindow_Stalled()
    {
        var state = new ArrivalState();

        var early = ArrivalForecast.Predict(state, 1_000_000, remote: false, Created, Created.AddSeconds(5), Window);
        var later = ArrivalForecast.Predict(state, 1_000_000, remote: false, Created, Created + Window, Window);

        Assert.False(early.Stalled);
        Assert.Null(early.ReadyAt);
        Assert.True(later.Stalled);
    }

    [Fact]
    public void Predict_EverythingStored_ReadyNow()
    {
        var state = Uploading(stored: 3_000_000, bytesPerSecond: 10_000);
        var now = Created.AddSeconds(100);

        Assert.Equal(now, ArrivalForecast.Predict(state, 3_000_000, remote: false, Created, now, Window).ReadyAt);
    }

    [Fact]
    public void Predict_StudyAlreadyCompleteWithoutAProgressReport_NothingLeftToUpload()
    {
        var state = Uploading(stored: 1_000_000, bytesPerSecond: 10_000);
        var now = Created.AddSeconds(100);
        List<TransferStudyRecord> studies =
        [
            new("1.2.3", 10, 10, 1_000_000, Complete: true),
            new("1.2.4", 50, 50, 50_000_000, Complete: true), // attached already stored: it never reports progress
        ];

        var prediction = ArrivalForecast.Predict(state, studies, remote: false, Created, now, Window);

        Assert.Equal(now, prediction.ReadyAt);
    }

    [Fact]
    public void Predict_IncompleteStudyWithoutAProgressReport_StillToUpload()
    {
        var state = Uploading(stored: 1_000_000, bytesPerSecond: 10_000);
        var now = Created.AddSeconds(100);
        List<TransferStudyRecord> studies = [new("1.2.3", 10, 10, 1_000_000, Complete: true), new("1.2.4", 5, 0, 2_000_000, Complete: false)];

        Assert.Equal(now.AddSeconds(200), ArrivalForecast.Predict(state, studies, remote: false, Created, now, Window).ReadyAt);
    }

    private static MeasuredRate Steady(MeasuredRate rate, long bytesPerSecond, int seconds)
    {
        for (var s = 0; s <= seconds; s++)
            rate.Observe(s * bytesPerSecond, Created.AddSeconds(s), Window);
        return rate;
    }

    /// <summary>A state whose upload measured <paramref name="bytesPerSecond"/> for 100 s, ending at <paramref name="stored"/> bytes.</summary>
    private static ArrivalState Uploading(long stored, long bytesPerSecond)
    {
        var state = new ArrivalState();
        for (var s = 0; s <= 100; s++)
            state.Upload.Observe(stored - (100 - s) * bytesPerSecond, Created.AddSeconds(s), Window);
        state.StoredByStudy["1.2.3"] = stored;
        return state;
    }
}
