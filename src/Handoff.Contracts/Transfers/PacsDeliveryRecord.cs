namespace Handoff.Contracts.Transfers;

/// <summary>
/// What the destination's gateway reports about storing a transfer into its hospital PACS: the PACS's AE title (or its
/// DICOMweb URL), how
/// many instances it accepted, and whether it confirmed DICOM storage commitment (with the commitment's Transaction
/// UID). Kept with the acknowledgement, so the source sees that the images reached the PACS, not only the gateway.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.PacsDeliveryRecord")]
public sealed record PacsDeliveryRecord(
    [property: Id(0)] string AeTitle,
    [property: Id(1)] int InstancesStored,
    [property: Id(2)] bool Committed,
    [property: Id(3)] string CommitmentTransactionUid,
    [property: Id(4)] DateTimeOffset At)
{
    /// <summary>The DICOMweb base URL the gateway stored into with STOW-RS; null when it stored by C-STORE (<see cref="AeTitle"/>).</summary>
    [Id(5)]
    public string? StowUrl { get; init; }

    /// <summary>The SHA-256 of each file the PACS was given where it differs from the bytes as sent (identity written in); null or empty when none.</summary>
    [Id(6)]
    public IReadOnlyList<DeliveredInstanceRecord>? Delivered { get; init; }

    /// <summary>"PACS ORTHANC_B" or "PACS at http://pacs/dicom-web": how messages name where the images went.</summary>
    public string PacsName => string.IsNullOrEmpty(StowUrl) ? $"PACS {AeTitle}" : $"PACS at {StowUrl}";
}
