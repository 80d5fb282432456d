namespace Handoff.Contracts.Transfers;

/// <summary>
/// Moving studies from a source facility to a destination (key: the transfer id). Holds the status, the timeline
/// of events, the studies and the acknowledgement; expires by reminder after the retention period.
/// Authorization (who may see it) is the server's job: it checks the caller is the source or the destination.
/// </summary>
public interface ITransferGrain : IGrainWithGuidKey
{
    /// <summary>Creates the transfer; the same command again returns it unchanged. Studies must exist for the source.</summary>
    Task<TransferRecord> Create(CreateTransferCommand command);

    Task<TransferRecord> AddStudies(string requestId, IReadOnlyList<string> studyInstanceUids, string actor);

    Task<TransferRecord> Cancel(string actor, string reason);

    /// <summary>Null when no transfer has this id.</summary>
    [ReadOnly]
    Task<TransferRecord?> Get();

    /// <summary>
    /// Timeline events after <paramref name="afterSequence"/>; waits up to <paramref name="timeout"/> for one when there is
    /// none yet. Interleaves with other calls: it only reads, and re-reads the timeline after every wake-up.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<TransferEventRecord>> WaitForEvents(long afterSequence, TimeSpan timeout);

    /// <summary>From a study this transfer carries: instances became available (cut-through), or the study completed.</summary>
    Task OnStudyProgress(StudyProgress progress);

    /// <summary>The destination has every instance.</summary>
    Task<TransferRecord> MarkDownloaded(string actor);

    /// <summary>
    /// Compares the destination's content hashes with the studies'; all equal moves the transfer to Acknowledged, and
    /// <paramref name="delivery"/> (where the destination's gateway stored the instances; null when it did not say) is
    /// kept with the acknowledgement, as is <paramref name="signedReceipt"/> (the destination's signed receipt and the
    /// countersignatures, checked by the server; its receipt hash must be this transfer's). A repeated acknowledgement
    /// returns the first one's record unchanged.
    /// </summary>
    Task<AcknowledgeResult> Acknowledge(string actor, IReadOnlyList<InstanceReceipt> receipts, PacsDeliveryRecord? delivery = null, Receipts.SignedReceiptRecord? signedReceipt = null);

    /// <summary>
    /// The destination's gateway cannot store into its PACS yet: records <see cref="TransferEventKind.DeliveryWaiting"/>
    /// with the reason. Only the destination may; nothing is recorded once the transfer is final, nor when the reason
    /// equals the latest one recorded (a gateway retrying every minute does not flood the timeline).
    /// </summary>
    Task<TransferRecord> RecordDeliveryWaiting(string actor, string detail);

    /// <summary>
    /// The destination sets the patient's local identity (replacing an earlier one). PERMISSION_DENIED for anyone else,
    /// FAILED_PRECONDITION once the transfer is acknowledged, cancelled, expired or failed.
    /// </summary>
    Task<TransferRecord> Reconcile(string actor, PatientReconciliationRecord reconciliation);

    /// <summary>
    /// Federation: records what the relay to the destination's network saw (<see cref="TransferEventKind.Relayed"/>,
    /// <see cref="TransferEventKind.RelayWaiting"/>, <see cref="TransferEventKind.RemoteAvailable"/>) on the timeline.
    /// A waiting reason equal to the last one recorded is not repeated.
    /// </summary>
    Task RecordRelay(TransferEventKind kind, string actor, string detail);

    /// <summary>
    /// Federation: how many bytes the relay has to send to the peer network in all (what the peer lacked) and how many
    /// it has sent, reported every few seconds while it sends; the relay rate of the arrival forecast is measured from it.
    /// </summary>
    Task RecordRelayProgress(long bytesToSend, long bytesSent);
}
