using Handoff.Contracts.Facilities;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// Domain enums ↔ proto enums, value by value. Nothing converts by number: a proto value this server does not know
/// (a newer client, a hostile one) is INVALID_ARGUMENT naming the field, and a domain value without a proto spelling
/// is a server bug, never a silently wrong number on the wire.
/// </summary>
public static class EnumMapping
{
    public static V1.TransferState ToProto(this TransferStatus status) => status switch
    {
        TransferStatus.Created => V1.TransferState.Created,
        TransferStatus.Receiving => V1.TransferState.Receiving,
        TransferStatus.Available => V1.TransferState.Available,
        TransferStatus.Delivered => V1.TransferState.Delivered,
        TransferStatus.Acknowledged => V1.TransferState.Acknowledged,
        TransferStatus.Cancelled => V1.TransferState.Cancelled,
        TransferStatus.Expired => V1.TransferState.Expired,
        TransferStatus.Failed => V1.TransferState.Failed,
        _ => throw Unmapped(status),
    };

    public static TransferStatus ToContract(this V1.TransferState state, string field = "state") => state switch
    {
        V1.TransferState.Created => TransferStatus.Created,
        V1.TransferState.Receiving => TransferStatus.Receiving,
        V1.TransferState.Available => TransferStatus.Available,
        V1.TransferState.Delivered => TransferStatus.Delivered,
        V1.TransferState.Acknowledged => TransferStatus.Acknowledged,
        V1.TransferState.Cancelled => TransferStatus.Cancelled,
        V1.TransferState.Expired => TransferStatus.Expired,
        V1.TransferState.Failed => TransferStatus.Failed,
        _ => throw new InvalidFieldException(field, $"transfer state {(int)state} is not a known state"),
    };

    public static V1.Priority ToProto(this TransferPriority priority) => priority switch
    {
        TransferPriority.Routine => V1.Priority.Routine,
        TransferPriority.Urgent => V1.Priority.Urgent,
        TransferPriority.Stat => V1.Priority.Stat,
        _ => throw Unmapped(priority),
    };

    /// <summary>Unspecified means routine: a sender that says nothing is not in a hurry.</summary>
    public static TransferPriority ToContract(this V1.Priority priority, string field = "priority") => priority switch
    {
        V1.Priority.Unspecified or V1.Priority.Routine => TransferPriority.Routine,
        V1.Priority.Urgent => TransferPriority.Urgent,
        V1.Priority.Stat => TransferPriority.Stat,
        _ => throw new InvalidFieldException(field, $"{field} {(int)priority} is not one of routine, urgent, stat"),
    };

    public static V1.TransferEventType ToProto(this TransferEventKind kind) => kind switch
    {
        TransferEventKind.Created => V1.TransferEventType.Created,
        TransferEventKind.StudyAdded => V1.TransferEventType.StudyAdded,
        TransferEventKind.InstanceAvailable => V1.TransferEventType.InstanceAvailable,
        TransferEventKind.StudyComplete => V1.TransferEventType.StudyComplete,
        TransferEventKind.Available => V1.TransferEventType.Available,
        TransferEventKind.Downloaded => V1.TransferEventType.Downloaded,
        TransferEventKind.Acknowledged => V1.TransferEventType.Acknowledged,
        TransferEventKind.AcknowledgementMismatch => V1.TransferEventType.AcknowledgementMismatch,
        TransferEventKind.Cancelled => V1.TransferEventType.Cancelled,
        TransferEventKind.Expired => V1.TransferEventType.Expired,
        TransferEventKind.Failed => V1.TransferEventType.Failed,
        TransferEventKind.Relayed => V1.TransferEventType.Relayed,
        TransferEventKind.RelayWaiting => V1.TransferEventType.RelayWaiting,
        TransferEventKind.RemoteAvailable => V1.TransferEventType.RemoteAvailable,
        TransferEventKind.DeliveryWaiting => V1.TransferEventType.DeliveryWaiting,
        TransferEventKind.Reconciled => V1.TransferEventType.Reconciled,
        TransferEventKind.PatientMismatch => V1.TransferEventType.PatientMismatch,
        TransferEventKind.Incomplete => V1.TransferEventType.Incomplete,
        TransferEventKind.CompletenessMet => V1.TransferEventType.CompletenessMet,
        TransferEventKind.AtRisk => V1.TransferEventType.AtRisk,
        TransferEventKind.Late => V1.TransferEventType.Late,
        TransferEventKind.OnTrack => V1.TransferEventType.OnTrack,
        _ => throw Unmapped(kind),
    };

    public static TransferEventKind ToContract(this V1.TransferEventType type, string field = "type") => type switch
    {
        V1.TransferEventType.Created => TransferEventKind.Created,
        V1.TransferEventType.StudyAdded => TransferEventKind.StudyAdded,
        V1.TransferEventType.InstanceAvailable => TransferEventKind.InstanceAvailable,
        V1.TransferEventType.StudyComplete => TransferEventKind.StudyComplete,
        V1.TransferEventType.Available => TransferEventKind.Available,
        V1.TransferEventType.Downloaded => TransferEventKind.Downloaded,
        V1.TransferEventType.Acknowledged => TransferEventKind.Acknowledged,
        V1.TransferEventType.AcknowledgementMismatch => TransferEventKind.AcknowledgementMismatch,
        V1.TransferEventType.Cancelled => TransferEventKind.Cancelled,
        V1.TransferEventType.Expired => TransferEventKind.Expired,
        V1.TransferEventType.Failed => TransferEventKind.Failed,
        V1.TransferEventType.Relayed => TransferEventKind.Relayed,
        V1.TransferEventType.RelayWaiting => TransferEventKind.RelayWaiting,
        V1.TransferEventType.RemoteAvailable => TransferEventKind.RemoteAvailable,
        V1.TransferEventType.DeliveryWaiting => TransferEventKind.DeliveryWaiting,
        V1.TransferEventType.Reconciled => TransferEventKind.Reconciled,
        V1.TransferEventType.PatientMismatch => TransferEventKind.PatientMismatch,
        V1.TransferEventType.Incomplete => TransferEventKind.Incomplete,
        V1.TransferEventType.CompletenessMet => TransferEventKind.CompletenessMet,
        V1.TransferEventType.AtRisk => TransferEventKind.AtRisk,
        V1.TransferEventType.Late => TransferEventKind.Late,
        V1.TransferEventType.OnTrack => TransferEventKind.OnTrack,
        _ => throw new InvalidFieldException(field, $"transfer event type {(int)type} is not a known type"),
    };

    public static V1.StudyState ToProto(this StudyState state) => state switch
    {
        StudyState.Receiving => V1.StudyState.Receiving,
        StudyState.Complete => V1.StudyState.Complete,
        _ => throw Unmapped(state),
    };

    /// <summary>REJECTED is a proto value no study here is ever in: refused instances leave a study, not the study.</summary>
    public static StudyState ToContract(this V1.StudyState state, string field = "state") => state switch
    {
        V1.StudyState.Receiving => StudyState.Receiving,
        V1.StudyState.Complete => StudyState.Complete,
        _ => throw new InvalidFieldException(field, $"study state {(int)state} is not receiving or complete"),
    };

    public static V1.Mailbox ToProto(this Mailbox mailbox) => mailbox switch
    {
        Mailbox.Inbox => V1.Mailbox.Inbox,
        Mailbox.Outbox => V1.Mailbox.Outbox,
        _ => throw Unmapped(mailbox),
    };

    /// <summary>One mailbox, or null for UNSPECIFIED: both.</summary>
    public static Mailbox? ToContract(this V1.Mailbox mailbox, string field = "mailbox") => mailbox switch
    {
        V1.Mailbox.Unspecified => null,
        V1.Mailbox.Inbox => Mailbox.Inbox,
        V1.Mailbox.Outbox => Mailbox.Outbox,
        _ => throw new InvalidFieldException(field, $"mailbox {(int)mailbox} is not inbox or outbox"),
    };

    private static InvalidOperationException Unmapped<T>(T value) where T : struct, Enum =>
        new($"{typeof(T).Name} {value} has no proto value; add it to {nameof(EnumMapping)}");
}
