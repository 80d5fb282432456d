using System.Diagnostics.Metrics;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Telemetry;

namespace Handoff.Server.Telemetry;

/// <summary>
/// Federation's relay for operators (meter "Handoff"): how far behind the peer network a transfer's images are (from
/// the moment every instance was available here to the moment the peer's cluster held them all), by priority, and
/// passes that had to wait (the peer unreachable or refusing).
/// </summary>
public static class RelayMetrics
{
    private static readonly Meter Meter = new(TransferMetrics.MeterName);

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("handoff.relay.lag", "s",
        "From a transfer being available in this network to the peer network holding every instance, by priority.");

    private static readonly Counter<long> Waits = Meter.CreateCounter<long>("handoff.relay.waits", description: "Relay passes that failed and wait to be tried again.");

    /// <summary>Records the lag of a transfer just relayed: measured from its Available event here (its creation when it has none).</summary>
    public static void Relayed(TransferRecord transfer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var available = transfer.Timeline.LastOrDefault(e => e.Kind == TransferEventKind.Available)?.At ?? transfer.CreatedAt;
        Lag.Record(Math.Max(0, (now - available).TotalSeconds), new KeyValuePair<string, object?>("priority", transfer.Priority.ToString().ToLowerInvariant()));
    }

    public static void Waiting() => Waits.Add(1);
}
