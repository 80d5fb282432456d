namespace Handoff.Grains.Transfers;

/// <summary>
/// How transfers judge their progress against the patient's expected arrival (Handoff:Arrival). Bound and validated
/// by the host; the grains read it.
/// </summary>
public sealed class ArrivalOptions
{
    public const string Section = "Handoff:Arrival";

    /// <summary>
    /// How long before the patient's arrival the destination should have every image: a transfer whose prediction plus
    /// this margin passes the arrival goes at risk.
    /// </summary>
    public TimeSpan Margin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How much better than the at-risk line the prediction must be before an at-risk transfer is called on track again
    /// (prediction + margin + hysteresis ≤ arrival), so a rate that wobbles around the line does not flood the timeline.
    /// </summary>
    public TimeSpan Hysteresis { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The time constant of the measured rates (an exponentially weighted average: a sample this old weighs 1/e of a
    /// new one), the silence after which a rate is taken to be falling, and the least time a transfer stays at risk
    /// before the prediction alone may call it on track again.
    /// </summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often an open transfer with an expected arrival looks again without any progress (a stalled link makes no
    /// progress reports, and must still go at risk, and late when the arrival passes).
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problem with the settings, or null when they are usable.</summary>
    public string? Validate()
    {
        if (Margin < TimeSpan.Zero || Margin > TimeSpan.FromDays(1))
            return $"Margin must be between 0 and 1 day (it is {Margin})";
        if (Hysteresis < TimeSpan.Zero || Hysteresis > TimeSpan.FromDays(1))
            return $"Hysteresis must be between 0 and 1 day (it is {Hysteresis})";
        if (RateWindow < TimeSpan.FromSeconds(1) || RateWindow > TimeSpan.FromHours(1))
            return $"RateWindow must be between 1 second and 1 hour (it is {RateWindow})";
        if (CheckInterval < TimeSpan.FromMilliseconds(100) || CheckInterval > TimeSpan.FromMinutes(10))
            return $"CheckInterval must be between 0.1 second and 10 minutes (it is {CheckInterval})";
        return null;
    }
}
