namespace Handoff.Contracts.Transfers;

/// <summary>
/// The one home of what a transfer state means for what may still happen to it. Grains, services, the relay and the
/// event streams ask here instead of listing states themselves.
/// </summary>
public static class TransferStates
{
    /// <summary>
    /// Acknowledged, Cancelled, Expired and Failed end a transfer: no more progress, no more studies, a watch of it
    /// ends after the event that brought it here. (Retention still runs: an acknowledged transfer expires later.)
    /// </summary>
    public static bool IsFinal(TransferStatus status) =>
        status is TransferStatus.Acknowledged or TransferStatus.Cancelled or TransferStatus.Expired or TransferStatus.Failed;

    /// <summary>
    /// Cancelled, Expired and Failed: final states in which the studies are no longer offered to the destination, so
    /// nothing may be downloaded. An acknowledged transfer is final too but stays downloadable until it expires.
    /// </summary>
    public static bool IsWithdrawn(TransferStatus status) =>
        status is TransferStatus.Cancelled or TransferStatus.Expired or TransferStatus.Failed;
}
