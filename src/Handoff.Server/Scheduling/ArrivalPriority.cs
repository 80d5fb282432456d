using Handoff.Contracts.Transfers;

namespace Handoff.Server.Scheduling;

/// <summary>
/// The one rule for how a transfer behind its patient's expected arrival (at risk or late) rises in the
/// <see cref="ChunkScheduler"/>: one class up (routine → urgent, urgent → STAT). STAT stays STAT: it is already first,
/// and an at-risk routine transfer must not overtake a trauma transfer that is on time.
/// </summary>
public static class ArrivalPriority
{
    public static TransferPriority Effective(TransferPriority priority, bool behind) => !behind ? priority : priority switch
    {
        TransferPriority.Stat or TransferPriority.Urgent => TransferPriority.Stat,
        _ => TransferPriority.Urgent,
    };

    /// <summary>The priority a transfer's chunk work runs at: its own, raised while it is behind its arrival.</summary>
    public static TransferPriority Of(TransferRecord transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return Effective(transfer.Priority, transfer.Arrival is { } arrival && (arrival.AtRisk || arrival.Late) && !TransferStates.IsFinal(transfer.State));
    }
}
