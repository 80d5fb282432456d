using Handoff.Dimse.Association;

namespace Handoff.Gateway.Delivery;

/// <summary>How a gateway delivers its facility's transfers into the local PACS.</summary>
public sealed record PacsDeliveryOptions
{
    /// <summary>The PACS to store into: C-STORE to a DICOM node, or STOW-RS to a DICOMweb URL.</summary>
    public required DeliveryTarget Target { get; init; }

    /// <summary>The gateway's own AE title: calling AE of its associations, called AE of the PACS's commitment reports.</summary>
    public required string CallingAeTitle { get; init; }

    /// <summary>Ask the PACS (a DICOM node) for storage commitment and acknowledge only once it committed every instance.</summary>
    public bool Commit { get; init; }

    /// <summary>
    /// Store nothing into the PACS until the destination reconciled the patient (<c>handoff reconcile</c>): a hospital
    /// that files only patients with its own MRN. Without it, instances are delivered with the sender's Patient ID and
    /// (where they name none) the sender's issuer, and re-stored with the local identity if it is set before the end.
    /// </summary>
    public bool RequireReconciliation { get; init; }

    /// <summary>How long to wait for the PACS's commitment report before the attempt counts as failed (and is retried).</summary>
    public TimeSpan CommitmentTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Connection and idle limits of the associations to the PACS.</summary>
    public AssociationTimeouts Timeouts { get; init; } = new();

    /// <summary>Routine and urgent transfers delivered at once (STAT never waits).</summary>
    public int ConcurrentTransfers { get; init; } = 2;

    /// <summary>The first wait before a failed delivery is tried again; it doubles up to <see cref="LongestRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two delivery attempts.</summary>
    public TimeSpan LongestRetryDelay { get; init; } = TimeSpan.FromMinutes(2);
}
