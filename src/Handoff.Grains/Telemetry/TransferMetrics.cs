using System.Diagnostics.Metrics;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Telemetry;

/// <summary>
/// What the transfer grains count for operators (meter <see cref="MeterName"/>, exported by the host): transfers
/// created, and the clinical times, from creation to the first instance a destination can download and to the
/// acknowledgement, by priority. Tags carry priorities only, never ids or patient data.
/// </summary>
public static class TransferMetrics
{
    public const string MeterName = "Handoff";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Created = Meter.CreateCounter<long>("handoff.transfers.created", description: "Transfers created, by priority.");

    private static readonly Histogram<double> ToFirstInstance = Meter.CreateHistogram<double>("handoff.transfer.time_to_first_instance", "s",
        "From a transfer's creation to its first instance the destination can download, by priority.");

    private static readonly Histogram<double> ToAcknowledged = Meter.CreateHistogram<double>("handoff.transfer.time_to_acknowledged", "s",
        "From a transfer's creation to the destination's accepted acknowledgement, by priority.");

    public static void TransferCreated(TransferPriority priority) => Created.Add(1, Priority(priority));

    public static void FirstInstanceAvailable(TransferPriority priority, TimeSpan sinceCreated) => ToFirstInstance.Record(sinceCreated.TotalSeconds, Priority(priority));

    public static void Acknowledged(TransferPriority priority, TimeSpan sinceCreated) => ToAcknowledged.Record(sinceCreated.TotalSeconds, Priority(priority));

    private static KeyValuePair<string, object?> Priority(TransferPriority priority) => new("priority", priority.ToString().ToLowerInvariant());
}
