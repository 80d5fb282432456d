using System.Diagnostics.Metrics;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Telemetry;

/// <summary>
/// What the transfer grains count for operators (meter <see cref="MeterName"/>, exported by the host): transfers
/// created and entering each state, instances arriving and confirmed, and the clinical times, from creation to the first instance a destination can download and to the
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

    private static readonly Counter<long> StatesEntered = Meter.CreateCounter<long>("handoff.transfers.state_entered",
        description: "Transfers entering a state, by state and priority: the rate of each step, and (entered minus the next state's) how many are in it.");

    private static readonly Counter<long> InstancesReceived = Meter.CreateCounter<long>("handoff.instances.received",
        description: "Instances that became available to their destinations (every byte verified), by priority.");

    private static readonly Counter<long> InstancesAcknowledged = Meter.CreateCounter<long>("handoff.instances.acknowledged",
        description: "Instances destinations confirmed receiving (accepted acknowledgements), by priority.");

    public static void TransferCreated(TransferPriority priority) => Created.Add(1, Priority(priority));

    public static void StateEntered(TransferStatus state, TransferPriority priority) =>
        StatesEntered.Add(1, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()), Priority(priority));

    public static void InstancesAvailable(int count, TransferPriority priority)
    {
        if (count > 0)
            InstancesReceived.Add(count, Priority(priority));
    }

    public static void InstancesConfirmed(int count, TransferPriority priority) => InstancesAcknowledged.Add(count, Priority(priority));

    public static void FirstInstanceAvailable(TransferPriority priority, TimeSpan sinceCreated) => ToFirstInstance.Record(sinceCreated.TotalSeconds, Priority(priority));

    public static void Acknowledged(TransferPriority priority, TimeSpan sinceCreated) => ToAcknowledged.Record(sinceCreated.TotalSeconds, Priority(priority));

    private static KeyValuePair<string, object?> Priority(TransferPriority priority) => new("priority", priority.ToString().ToLowerInvariant());
}
