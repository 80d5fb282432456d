namespace Handoff.Grains.Transfers;

/// <summary>
/// Bytes per second of one stage (upload here, relay to a peer), measured from a growing byte count reported over
/// time: each report gives the rate since the one before, folded into an exponentially weighted average with weight
/// α = 1 − e^(−Δt/window), so the estimate follows the last window or so whatever the reporting cadence. Stored with
/// the transfer; after a restart it starts again from the next report.
/// </summary>
[GenerateSerializer, Alias("handoff.grains.MeasuredRate")]
public sealed class MeasuredRate
{
    /// <summary>Reports closer together than this are merged with the next one: their Δt is mostly noise.</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The byte count of the last report taken.</summary>
    [Id(0)]
    public long Bytes { get; set; }

    /// <summary>When the last report was taken (the first one until something moved); null before the first.</summary>
    [Id(1)]
    public DateTimeOffset? At { get; set; }

    /// <summary>The weighted average, bytes per second; meaningful once <see cref="Samples"/> ≥ 1.</summary>
    [Id(2)]
    public double BytesPerSecond { get; set; }

    /// <summary>How many intervals have been measured (the first report only sets the starting point).</summary>
    [Id(3)]
    public int Samples { get; set; }

    /// <summary>Takes a report: <paramref name="bytes"/> done so far at <paramref name="now"/>.</summary>
    public void Observe(long bytes, DateTimeOffset now, TimeSpan window)
    {
        if (At is not { } last || bytes < Bytes || now < last)
        {
            // The first report, or a count that went back (a restart, a refused instance): start measuring from here.
            (Bytes, At) = (bytes, now);
            return;
        }

        var elapsed = now - last;
        if (elapsed < MinInterval || (Samples == 0 && bytes == Bytes))
            return; // too close to the last report, or nothing moved yet: measure from the starting point once something does
        var instant = (bytes - Bytes) / elapsed.TotalSeconds;
        var alpha = 1 - Math.Exp(-elapsed.TotalSeconds / window.TotalSeconds);
        BytesPerSecond = Samples == 0 ? instant : BytesPerSecond + alpha * (instant - BytesPerSecond);
        Samples++;
        (Bytes, At) = (bytes, now);
    }

    /// <summary>
    /// The rate to predict with at <paramref name="now"/>: the average while reports keep coming; after a silence
    /// longer than the window, the average spread over the silence (rate × window / silence), so a link that stopped
    /// is seen to fall further behind the longer it stays silent. Null before anything was measured.
    /// </summary>
    public double? Effective(DateTimeOffset now, TimeSpan window)
    {
        if (Samples == 0 || At is not { } last)
            return null;
        var silence = now - last;
        return silence <= window ? BytesPerSecond : BytesPerSecond * window.TotalSeconds / silence.TotalSeconds;
    }
}
