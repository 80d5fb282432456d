using System.Diagnostics.Metrics;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Telemetry;

/// <summary>
/// Transfers against the patient's expected arrival, for operators (meter "Handoff"): how many went at risk, recovered,
/// and were late, by priority. At risk minus on track is roughly how many are at risk now (late ones left at risk).
/// </summary>
public static class ArrivalMetrics
{
    private static readonly Meter Meter = new(TransferMetrics.MeterName);

    private static readonly Counter<long> AtRiskCount = Meter.CreateCounter<long>("handoff.transfers.at_risk",
        description: "Transfers predicted to reach their destination too close to (or after) the patient's expected arrival, by priority.");

    private static readonly Counter<long> OnTrackCount = Meter.CreateCounter<long>("handoff.transfers.on_track",
        description: "At-risk transfers whose prediction recovered or that reached the destination in time, by priority.");

    private static readonly Counter<long> LateCount = Meter.CreateCounter<long>("handoff.transfers.late",
        description: "Transfers whose patient's expected arrival passed before the destination had every image, by priority.");

    public static void AtRisk(TransferPriority priority) => AtRiskCount.Add(1, Priority(priority));

    public static void OnTrack(TransferPriority priority) => OnTrackCount.Add(1, Priority(priority));

    public static void Late(TransferPriority priority) => LateCount.Add(1, Priority(priority));

    private static KeyValuePair<string, object?> Priority(TransferPriority priority) => new("priority", priority.ToString().ToLowerInvariant());
}
