namespace Handoff.Grains.Transfers;

/// <summary>
/// Decides a transfer's next <see cref="ArrivalVerdict"/> from its prediction, so that the timeline says each change
/// once and does not flap:
/// <list type="bullet">
/// <item>at risk when the prediction plus the margin passes the arrival, or the link is stalled; back at risk from on
/// track only after a rate window on track, unless stalled or predicted past the arrival itself;</item>
/// <item>on track again only when the prediction plus the margin plus the hysteresis is before the arrival and the
/// transfer has been at risk for at least a rate window (the averages need that long to mean anything), or at once
/// when the destination has every image;</item>
/// <item>late when the arrival passes before the destination has every image (also when every image is found there
/// only after the arrival, between two looks): final, nothing follows it;</item>
/// <item>ready (no event of its own) when the destination has every image in time.</item>
/// </list>
/// </summary>
internal static class ArrivalWatch
{
    /// <summary>The verdict to move to, or null to stay.</summary>
    public static ArrivalVerdict? Next(ArrivalVerdict current, DateTimeOffset? since, DateTimeOffset arrival, ArrivalForecast.Prediction prediction,
        bool ready, DateTimeOffset now, ArrivalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (current == ArrivalVerdict.Late)
            return null;
        if (ready)
        {
            // Ready is in time only if it came before the arrival: images landing after it (between two looks) are late.
            if (current == ArrivalVerdict.Ready)
                return null;
            return now >= arrival ? ArrivalVerdict.Late : ArrivalVerdict.Ready;
        }
        if (now >= arrival)
            return ArrivalVerdict.Late;

        var atRisk = prediction.Stalled || (prediction.ReadyAt is { } readyAt && readyAt + options.Margin > arrival);
        var dwelt = since is not { } from || now - from >= options.RateWindow;
        if (current != ArrivalVerdict.AtRisk)
        {
            if (!atRisk)
                return current == ArrivalVerdict.Ready ? ArrivalVerdict.None : null;
            // Just back on track: the averages need a window before a dip inside the margin means anything; a stalled
            // link or a prediction past the arrival itself needs no wait.
            var certain = prediction.Stalled || prediction.ReadyAt > arrival;
            return current != ArrivalVerdict.OnTrack || dwelt || certain ? ArrivalVerdict.AtRisk : null;
        }

        var recovered = prediction.ReadyAt is { } at && at + options.Margin + options.Hysteresis <= arrival;
        return recovered && dwelt ? ArrivalVerdict.OnTrack : null;
    }

    /// <summary>
    /// How far from the arrival (before it, beyond the margin; and after it) a transfer's look-again timer keeps its grain
    /// alive. Farther out an idle transfer may be deactivated like any grain: progress reports wake it, and its reminder
    /// wakes it when this horizon begins and at the arrival (Late needs no timer).
    /// </summary>
    public static readonly TimeSpan KeepAliveHorizon = TimeSpan.FromMinutes(30);

    /// <summary>Whether the look-again timer should keep the grain alive at <paramref name="now"/>.</summary>
    public static bool KeepsAlive(DateTimeOffset arrival, DateTimeOffset now, ArrivalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return now >= arrival - options.Margin - KeepAliveHorizon && now <= arrival + KeepAliveHorizon;
    }

    /// <summary>When the arrival reminder should next fire: when the keep-alive horizon begins, then at the arrival.</summary>
    public static DateTimeOffset WakeAt(DateTimeOffset arrival, DateTimeOffset now, ArrivalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var horizon = arrival - options.Margin - KeepAliveHorizon;
        return now < horizon ? horizon : arrival;
    }
}
