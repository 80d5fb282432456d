using System.Collections.Frozen;

namespace Handoff.Server.Auditing;

/// <summary>
/// The calls that touch patient data (or administer who may), and the action name each writes to the audit log.
/// A call not listed here is not audited: upload parameters, the audit signing keys, health and reflection. Reading
/// the audit log is audited ("audit.read"), so who looked at the trail is in the trail.
/// </summary>
public static class AuditedActions
{
    private static readonly FrozenDictionary<string, string> ActionByMethod = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/handoff.v1.Facilities/RegisterFacility"] = "facility.register",
        ["/handoff.v1.Facilities/ListFacilities"] = "facility.list",
        ["/handoff.v1.Facilities/RotateFacilityKey"] = "facility.rotate-key",
        ["/handoff.v1.Facilities/DisableFacility"] = "facility.disable",
        ["/handoff.v1.Users/AddUser"] = "user.add",
        ["/handoff.v1.Receipts/RegisterReceiptKey"] = "receipt-key.register",
        ["/handoff.v1.Receipts/GetReceipt"] = "transfer.receipt",
        ["/handoff.v1.Users/ListUsers"] = "user.list",
        ["/handoff.v1.Users/DisableUser"] = "user.disable",
        ["/handoff.v1.Users/ResetUserPassword"] = "user.reset-password",
        ["/handoff.v1.Uploads/DeclareStudy"] = "study.declare",
        ["/handoff.v1.Uploads/UploadChunks"] = "chunks.upload",
        ["/handoff.v1.Uploads/CompleteStudy"] = "study.complete",
        ["/handoff.v1.Uploads/GetStudyStatus"] = "study.status",
        ["/handoff.v1.Transfers/CreateTransfer"] = "transfer.create",
        ["/handoff.v1.Transfers/AddStudies"] = "transfer.add-studies",
        ["/handoff.v1.Transfers/CancelTransfer"] = "transfer.cancel",
        ["/handoff.v1.Transfers/GetTransfer"] = "transfer.get",
        ["/handoff.v1.Transfers/ListTransfers"] = "transfer.list",
        ["/handoff.v1.Transfers/WatchTransfer"] = "transfer.watch",
        ["/handoff.v1.Transfers/WatchInbox"] = "inbox.watch",
        ["/handoff.v1.Transfers/ReconcilePatient"] = "transfer.reconcile",
        ["/handoff.v1.Downloads/GetTransferManifest"] = "transfer.manifest",
        ["/handoff.v1.Downloads/DownloadChunks"] = "chunks.download",
        ["/handoff.v1.Downloads/ReportDownloaded"] = "transfer.downloaded",
        ["/handoff.v1.Downloads/Acknowledge"] = "transfer.acknowledge",
        ["/handoff.v1.Downloads/ReportDeliveryWaiting"] = "transfer.delivery-waiting",
        ["/handoff.v1.Peers/AddPeer"] = "peer.add",
        ["/handoff.v1.Peers/RevokePeer"] = "peer.revoke",
        ["/handoff.v1.Peers/ExportFacility"] = "peer.export",
        ["/handoff.v1.Peers/UnexportFacility"] = "peer.unexport",
        ["/handoff.v1.Peers/ImportFacilities"] = "peer.import",
        ["/handoff.v1.Federation/ListExportedFacilities"] = "peer.list-exports",
        ["/handoff.v1.Audit/ListAuditEvents"] = "audit.read",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The outcome of a call that succeeded.</summary>
    public const string Success = "success";

    public static string? ActionOf(string method) => ActionByMethod.GetValueOrDefault(method);

    /// <summary>The audit outcome of a call that ended with <paramref name="code"/>.</summary>
    public static string OutcomeOf(StatusCode code) => code switch
    {
        StatusCode.OK => Success,
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => "denied",
        StatusCode.NotFound => "not-found",
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.OutOfRange => "invalid",
        StatusCode.Cancelled => "cancelled",
        _ => "error",
    };
}
