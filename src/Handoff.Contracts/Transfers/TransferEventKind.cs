namespace Handoff.Contracts.Transfers;

public enum TransferEventKind
{
    Created = 1,
    StudyAdded = 2,
    InstanceAvailable = 3,
    StudyComplete = 4,
    Available = 5,
    Downloaded = 6,
    Acknowledged = 7,
    AcknowledgementMismatch = 8,
    Cancelled = 9,
    Expired = 10,
    Failed = 11,

    /// <summary>Federation: every instance is now held by the destination's cluster (the peer network).</summary>
    Relayed = 12,

    /// <summary>Federation: the relay to the peer cannot proceed for now; the detail says why (it keeps trying).</summary>
    RelayWaiting = 13,

    /// <summary>Federation: the transfer is available to the destination facility in its own network.</summary>
    RemoteAvailable = 14,

    /// <summary>
    /// The destination's gateway could not store into its PACS yet (down, refused an instance, no storage commitment);
    /// the detail says why, and it keeps trying.
    /// </summary>
    DeliveryWaiting = 15,

    /// <summary>The destination set the patient's local identity; its delivery writes it into every instance.</summary>
    Reconciled = 16,

    /// <summary>A study's instances name more than one patient; the detail names the study and how many (never who).</summary>
    PatientMismatch = 17,

    /// <summary>
    /// The sender is done but something is missing: a study with fewer instances than expected or Instance Number gaps,
    /// or a destination completeness rule no series satisfies; the detail names the rule or the study's gaps.
    /// </summary>
    Incomplete = 18,

    /// <summary>A finding of an earlier <see cref="Incomplete"/> event is gone (the missing series was added).</summary>
    CompletenessMet = 19,

    /// <summary>
    /// The predicted time the destination has every image, plus the margin (Handoff:Arrival:Margin), passes the patient's
    /// expected arrival; the detail gives the prediction and the measured rates it came from.
    /// </summary>
    AtRisk = 20,

    /// <summary>The patient's expected arrival passed before the destination had every image.</summary>
    Late = 21,

    /// <summary>An at-risk transfer's prediction recovered (or the destination has every image) in time for the arrival.</summary>
    OnTrack = 22,
}
