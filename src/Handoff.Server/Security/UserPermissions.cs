using System.Collections.Frozen;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Users;

namespace Handoff.Server.Security;

/// <summary>
/// What a named user may call, by role. Deny by default: a method not listed is refused to every user (a facility's
/// key and peers are not limited here). The web page acts for a user through the same gRPC calls, so this one table
/// is the rule for both doors; DICOMweb asks <see cref="Allows"/> for its own operations.
/// </summary>
public static class UserPermissions
{
    private static readonly UserRole[] Everyone = [UserRole.Clinician, UserRole.Coordinator, UserRole.Admin];
    private static readonly UserRole[] Coordinators = [UserRole.Coordinator];
    private static readonly UserRole[] AuditReaders = [UserRole.Coordinator, UserRole.Admin];
    private static readonly UserRole[] Admins = [UserRole.Admin];

    private static readonly FrozenDictionary<string, UserRole[]> RolesByMethod = new Dictionary<string, UserRole[]>(StringComparer.Ordinal)
    {
        ["/handoff.v1.Transfers/GetTransfer"] = Everyone,
        ["/handoff.v1.Transfers/ListTransfers"] = Everyone,
        ["/handoff.v1.Transfers/WatchTransfer"] = Everyone,
        ["/handoff.v1.Transfers/WatchInbox"] = Everyone,
        ["/handoff.v1.Transfers/WaitForMailboxChange"] = Everyone,
        ["/handoff.v1.Downloads/GetTransferManifest"] = Everyone,
        ["/handoff.v1.Transfers/CreateTransfer"] = Coordinators,
        ["/handoff.v1.Transfers/AddStudies"] = Coordinators,
        ["/handoff.v1.Transfers/CancelTransfer"] = Coordinators,
        ["/handoff.v1.Transfers/ReconcilePatient"] = Coordinators,
        ["/handoff.v1.Uploads/GetUploadParameters"] = Coordinators,
        ["/handoff.v1.Uploads/DeclareStudy"] = Coordinators,
        ["/handoff.v1.Uploads/UploadChunks"] = Coordinators,
        ["/handoff.v1.Uploads/CompleteStudy"] = Coordinators,
        ["/handoff.v1.Uploads/GetStudyStatus"] = Coordinators,
        ["/handoff.v1.Downloads/DownloadChunks"] = Coordinators,
        ["/handoff.v1.Downloads/ReportDownloaded"] = Coordinators,
        ["/handoff.v1.Downloads/Acknowledge"] = Coordinators,
        ["/handoff.v1.Audit/ListAuditEvents"] = AuditReaders,
        ["/handoff.v1.Users/AddUser"] = Admins,
        ["/handoff.v1.Receipts/RegisterReceiptKey"] = Admins,
        ["/handoff.v1.Receipts/ListReceiptKeys"] = Everyone,
        ["/handoff.v1.Receipts/GetReceipt"] = Everyone,
        ["/handoff.v1.Users/ListUsers"] = Admins,
        ["/handoff.v1.Users/DisableUser"] = Admins,
        ["/handoff.v1.Users/ResetUserPassword"] = Admins,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Operations of the web endpoint that are not gRPC calls, named like them.</summary>
    public const string DicomWebRead = "dicomweb.read";
    public const string DicomWebStore = "dicomweb.store";

    private static readonly FrozenDictionary<string, UserRole[]> RolesByWebOperation = new Dictionary<string, UserRole[]>(StringComparer.Ordinal)
    {
        [DicomWebRead] = Everyone,
        [DicomWebStore] = Coordinators,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool Allows(UserRole role, string operation) =>
        (RolesByMethod.GetValueOrDefault(operation) ?? RolesByWebOperation.GetValueOrDefault(operation))?.Contains(role) == true;

    /// <summary>PERMISSION_DENIED when a named user calls what their role does not allow; other callers pass.</summary>
    public static void Require(Caller caller, string operation)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Role is { } role && !Allows(role, operation))
            throw new DomainException(DomainErrorKind.PermissionDenied, $"a {RoleName(role)} may not do this ({operation})");
    }

    public static string RoleName(UserRole role) => role switch
    {
        UserRole.Clinician => "clinician",
        UserRole.Coordinator => "coordinator",
        UserRole.Admin => "admin",
        _ => "user",
    };
}
