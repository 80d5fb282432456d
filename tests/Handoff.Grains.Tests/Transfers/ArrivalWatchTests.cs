using Handoff.Grains.Transfers;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>At-risk, on-track and late decided without flapping.</summary>
public sealed class ArrivalWatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrival = Now.AddMinutes(30);
    private static readonly ArrivalOptions Options = new()
    {
        Margin = TimeSpan.FromMinutes(5), Hysteresis = TimeSpan.FromMinutes(1), RateWindow = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void Next_PredictionPlusMarginPassesTheArrival_AtRisk() =>
        Assert.Equal(ArrivalVerdict.AtRisk, Next(ArrivalVerdict.None, null, ReadyAt(Arrival.AddMinutes(-4))));

    [Fact]
    public void Next_PredictionWithinTheMargin_NothingSaid() =>
        Assert.Null(Next(ArrivalVerdict.None, null, ReadyAt(Arrival.AddMinutes(-6))));

    [Fact]
    public void Next_StalledLink_AtRisk() =>
        Assert.Equal(ArrivalVerdict.AtRisk, Next(ArrivalVerdict.None, null, new ArrivalForecast.Prediction(null, Stalled: true, "")));

    [Fact]
    public void Next_AtRiskAndPredictionJustBackInsideTheMargin_StaysAtRisk() =>
        Assert.Null(Next(ArrivalVerdict.AtRisk, Now.AddMinutes(-5), ReadyAt(Arrival.AddMinutes(-5.5))));

    [Fact]
    public void Next_AtRiskAndPredictionClearOfMarginAndHysteresis_OnTrack() =>
        Assert.Equal(ArrivalVerdict.OnTrack, Next(ArrivalVerdict.AtRisk, Now.AddMinutes(-5), ReadyAt(Arrival.AddMinutes(-6))));

    [Fact]
    public void Next_AtRiskForLessThanAWindow_StaysAtRiskEvenIfThePredictionRecovered() =>
        Assert.Null(Next(ArrivalVerdict.AtRisk, Now.AddSeconds(-10), ReadyAt(Arrival.AddMinutes(-20))));

    [Fact]
    public void Next_PredictionWobblingAroundTheLine_OneAtRiskAndNoOnTrack()
    {
        var verdict = ArrivalVerdict.None;
        DateTimeOffset? since = null;
        var changes = 0;
        for (var i = 0; i < 100; i++)
        {
            var at = Now.AddSeconds(i * 5);
            var wobble = Arrival - Options.Margin + TimeSpan.FromSeconds(i % 2 == 0 ? 20 : -20);
            if (ArrivalWatch.Next(verdict, since, Arrival, ReadyAt(wobble), ready: false, at, Options) is { } next)
            {
                (verdict, since) = (next, at);
                changes++;
            }
        }
        Assert.Equal(ArrivalVerdict.AtRisk, verdict);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Next_ArrivalPassedBeforeReady_LateAndNothingAfter()
    {
        Assert.Equal(ArrivalVerdict.Late, ArrivalWatch.Next(ArrivalVerdict.AtRisk, Now, Arrival, ReadyAt(Arrival), ready: false, Arrival, Options));
        Assert.Null(ArrivalWatch.Next(ArrivalVerdict.Late, Now, Arrival, ReadyAt(Now), ready: true, Arrival.AddMinutes(1), Options));
    }

    [Fact]
    public void Next_ReadyWhileAtRisk_Ready() =>
        Assert.Equal(ArrivalVerdict.Ready, ArrivalWatch.Next(ArrivalVerdict.AtRisk, Now, Arrival, ReadyAt(Now), ready: true, Now, Options));

    [Fact]
    public void Next_ReadyThenStudiesAdded_OpenAgain() =>
        Assert.Equal(ArrivalVerdict.None, ArrivalWatch.Next(ArrivalVerdict.Ready, Now, Arrival, ReadyAt(Now.AddMinutes(1)), ready: false, Now, Options));

    [Fact]
    public void Next_EveryImageLandsAfterTheArrivalBetweenTwoLooks_LateNotReady() =>
        Assert.Equal(ArrivalVerdict.Late, ArrivalWatch.Next(ArrivalVerdict.AtRisk, Now, Arrival, ReadyAt(Arrival), ready: true, Arrival.AddSeconds(5), Options));

    [Fact]
    public void Next_ReadyInTimeThenTheArrivalPasses_StaysReady() =>
        Assert.Null(ArrivalWatch.Next(ArrivalVerdict.Ready, Now, Arrival, ReadyAt(Now), ready: true, Arrival.AddMinutes(1), Options));

    [Fact]
    public void Next_OnTrackForLessThanAWindowAndPredictionDipsIntoTheMargin_StaysOnTrack() =>
        Assert.Null(Next(ArrivalVerdict.OnTrack, Now.AddSeconds(-10), ReadyAt(Arrival.AddMinutes(-4))));

    [Fact]
    public void Next_OnTrackForAWindowAndPredictionInTheMargin_AtRisk() =>
        Assert.Equal(ArrivalVerdict.AtRisk, Next(ArrivalVerdict.OnTrack, Now.AddSeconds(-30), ReadyAt(Arrival.AddMinutes(-4))));

    [Fact]
    public void Next_JustOnTrackButPredictedPastTheArrivalOrStalled_AtRiskAtOnce()
    {
        Assert.Equal(ArrivalVerdict.AtRisk, Next(ArrivalVerdict.OnTrack, Now.AddSeconds(-10), ReadyAt(Arrival.AddMinutes(1))));
        Assert.Equal(ArrivalVerdict.AtRisk, Next(ArrivalVerdict.OnTrack, Now.AddSeconds(-10), new ArrivalForecast.Prediction(null, Stalled: true, "")));
    }

    [Fact]
    public void KeepsAlive_OnlyNearTheArrival()
    {
        Assert.False(ArrivalWatch.KeepsAlive(Now.AddDays(7), Now, Options)); // an abandoned send does not hold its grain for a week
        Assert.True(ArrivalWatch.KeepsAlive(Now.AddMinutes(30), Now, Options));
        Assert.True(ArrivalWatch.KeepsAlive(Now.AddMinutes(-10), Now, Options));
        Assert.False(ArrivalWatch.KeepsAlive(Now.AddHours(-2), Now, Options));
    }

    [Fact]
    public void WakeAt_FarFromTheArrival_WhenTheHorizonBeginsThenAtTheArrival()
    {
        var far = Now.AddDays(2);
        var horizon = far - Options.Margin - ArrivalWatch.KeepAliveHorizon;
        Assert.Equal(horizon, ArrivalWatch.WakeAt(far, Now, Options));
        Assert.Equal(far, ArrivalWatch.WakeAt(far, horizon, Options));
    }

    [Fact]
    public void Until_ArrivalPassed_SaysAgoNotIn()
    {
        Assert.Equal("in 30s", ArrivalForecast.Until(Now.AddSeconds(30), Now));
        Assert.Equal("30s ago", ArrivalForecast.Until(Now.AddSeconds(-30), Now));
    }

    private static ArrivalVerdict? Next(ArrivalVerdict current, DateTimeOffset? since, ArrivalForecast.Prediction prediction) =>
        ArrivalWatch.Next(current, since, Arrival, prediction, ready: false, Now, Options);

    private static ArrivalForecast.Prediction ReadyAt(DateTimeOffset at) => new(at, Stalled: false, "");
}
