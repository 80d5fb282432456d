using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>How a PACS delivery reads on the timeline, next to the receipt in the Acknowledged event.</summary>
internal static class PacsDeliveryText
{
    /// <summary>"stored in PACS ORTHANC_B (12 instances), storage commitment confirmed (transaction 1.2.3)".</summary>
    public static string Describe(PacsDeliveryRecord delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var commitment = delivery.Committed
            ? $"storage commitment confirmed (transaction {delivery.CommitmentTransactionUid})"
            : "no storage commitment";
        return $"stored in {delivery.PacsName} ({delivery.InstancesStored} instances), {commitment}";
    }
}
