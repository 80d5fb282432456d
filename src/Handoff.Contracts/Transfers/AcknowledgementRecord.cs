namespace Handoff.Contracts.Transfers;

/// <summary>The destination's proof of receipt: who, when, how many instances, and one hash over all their content hashes.</summary>
/// <remarks>
/// <see cref="Delivery"/> came later: acknowledgements stored before it read back as null, and a destination that
/// does not deliver into a PACS (a person, a viewer) leaves it null.
/// </remarks>
[GenerateSerializer, Immutable, Alias("handoff.AcknowledgementRecord")]
public sealed record AcknowledgementRecord(
    [property: Id(0)] string FacilityId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int InstancesConfirmed,
    [property: Id(3)] string ReceiptHash,
    [property: Id(4)] PacsDeliveryRecord? Delivery = null,
    [property: Id(5)] Receipts.SignedReceiptRecord? SignedReceipt = null);
