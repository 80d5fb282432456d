using Handoff.Contracts.Transfers;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// Transfer records ↔ protos. The contract enums were numbered to mirror the proto enums (0 is the proto's
/// "unspecified"), so states, priorities and event kinds convert by value.
/// </summary>
public static class TransferMapping
{
    public static V1.Transfer ToProto(this TransferRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var transfer = new V1.Transfer
        {
            Id = record.Id.ToString(),
            SourceFacilityId = record.SourceFacilityId,
            DestinationFacilityId = record.DestinationFacilityId,
            Priority = (V1.Priority)record.Priority,
            Reason = record.Reason,
            ExpectedArrival = ProtoTime.FromOptional(record.ExpectedArrival),
            State = (V1.TransferState)record.State,
            CreatedAt = ProtoTime.From(record.CreatedAt),
            UpdatedAt = ProtoTime.From(record.UpdatedAt),
            ExpiresAt = ProtoTime.From(record.ExpiresAt),
        };
        foreach (var study in record.Studies)
            transfer.Studies.Add(study.ToProto());
        foreach (var transferEvent in record.Timeline)
            transfer.Timeline.Add(transferEvent.ToProto());
        if (record.Acknowledgement is { } acknowledgement)
            transfer.Acknowledgement = acknowledgement.ToProto();
        return transfer;
    }

    public static V1.TransferStudy ToProto(this TransferStudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return new V1.TransferStudy
        {
            StudyInstanceUid = study.StudyInstanceUid,
            InstancesDeclared = study.InstancesDeclared,
            InstancesAvailable = study.InstancesAvailable,
            BytesDeclared = study.BytesDeclared,
            Complete = study.Complete,
        };
    }

    public static V1.TransferEvent ToProto(this TransferEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new V1.TransferEvent
        {
            Sequence = record.Sequence,
            TransferId = record.TransferId.ToString(),
            Type = (V1.TransferEventType)record.Kind,
            At = ProtoTime.From(record.At),
            Actor = record.Actor,
            StudyInstanceUid = record.StudyInstanceUid,
            SopInstanceUid = record.SopInstanceUid,
            State = (V1.TransferState)record.State,
            Detail = record.Detail,
        };
    }

    public static V1.Acknowledgement ToProto(this AcknowledgementRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new V1.Acknowledgement
        {
            FacilityId = record.FacilityId,
            At = ProtoTime.From(record.At),
            InstancesConfirmed = record.InstancesConfirmed,
            ReceiptHash = ChunkHashes.ToBytesOrEmpty(record.ReceiptHash),
        };
    }

    /// <summary>Unspecified means routine: a sender that says nothing is not in a hurry.</summary>
    public static TransferPriority ToContract(this V1.Priority priority) => priority switch
    {
        V1.Priority.Unspecified or V1.Priority.Routine => TransferPriority.Routine,
        V1.Priority.Urgent => TransferPriority.Urgent,
        V1.Priority.Stat => TransferPriority.Stat,
        _ => throw new Errors.InvalidFieldException("priority", $"priority {(int)priority} is not one of routine, urgent, stat"),
    };

    public static TransferStatus ToContract(this V1.TransferState state) =>
        state is > V1.TransferState.Unspecified and <= V1.TransferState.Failed
            ? (TransferStatus)state
            : throw new Errors.InvalidFieldException("states", $"transfer state {(int)state} is not a known state");

    /// <summary>Cancelled, Expired, Failed and Acknowledged end a transfer: nothing more will happen to it.</summary>
    public static bool IsTerminal(this TransferStatus state) =>
        state is TransferStatus.Acknowledged or TransferStatus.Cancelled or TransferStatus.Expired or TransferStatus.Failed;
}
