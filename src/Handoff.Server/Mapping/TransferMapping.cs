using Handoff.Contracts.Transfers;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>Transfer records → protos; enums go through <see cref="EnumMapping"/>.</summary>
public static class TransferMapping
{
    /// <summary>
    /// The transfer as <paramref name="viewerFacilityId"/> sees it: the patient's local identity (a reconciliation) is
    /// the destination's patient data and reaches only the destination.
    /// </summary>
    public static V1.Transfer ToProtoFor(this TransferRecord record, string? viewerFacilityId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var transfer = record.ToProto();
        if (record.Reconciliation is { } reconciliation && string.Equals(viewerFacilityId, record.DestinationFacilityId, StringComparison.Ordinal))
            transfer.Reconciliation = reconciliation.ToProto();
        return transfer;
    }

    /// <summary>The transfer without the destination's reconciliation (see <see cref="ToProtoFor"/>).</summary>
    public static V1.Transfer ToProto(this TransferRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var transfer = new V1.Transfer
        {
            Id = record.Id.ToString(),
            SourceFacilityId = record.SourceFacilityId,
            DestinationFacilityId = record.DestinationFacilityId,
            Priority = record.Priority.ToProto(),
            Reason = record.Reason,
            ExpectedArrival = ProtoTime.FromOptional(record.ExpectedArrival),
            State = record.State.ToProto(),
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
        transfer.SourcePatientIdIssuer = record.SourcePatientIdIssuer is { Length: > 0 } issuer ? issuer : record.SourceFacilityId;
        CompletenessMapping.AddTo(transfer, record);
        ArrivalMapping.Apply(record.Arrival, transfer);
        return transfer;
    }

    public static V1.TransferStudy ToProto(this TransferStudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var proto = new V1.TransferStudy
        {
            StudyInstanceUid = study.StudyInstanceUid,
            InstancesDeclared = study.InstancesDeclared,
            InstancesAvailable = study.InstancesAvailable,
            BytesDeclared = study.BytesDeclared,
            Complete = study.Complete,
            Patients = study.Patients,
            Incomplete = study.Incomplete is { Length: > 0 },
            IncompleteReason = study.Incomplete ?? "",
        };
        if (study.Digest is { } digest)
        {
            if (digest.Metadata is { } metadata)
                proto.Summary = SummaryOf(metadata, digest.Series);
            foreach (var series in digest.Series.OrderBy(s => s.SeriesNumber))
            {
                proto.Series.Add(CompletenessMapping.With(series, new V1.SeriesProgress
                {
                    SeriesInstanceUid = series.SeriesInstanceUid,
                    Modality = series.Modality,
                    Description = series.Description,
                    SeriesNumber = series.SeriesNumber,
                    InstancesAvailable = series.InstancesAvailable,
                    InstancesDeclared = series.InstancesDeclared,
                }));
            }
        }
        return proto;
    }

    private static V1.StudySummary SummaryOf(Contracts.Studies.StudyMetadata metadata, IReadOnlyList<SeriesProgressRecord> series)
    {
        var summary = new V1.StudySummary
        {
            PatientName = metadata.PatientName,
            PatientId = metadata.PatientId,
            PatientBirthDate = metadata.PatientBirthDate,
            PatientSex = metadata.PatientSex ?? string.Empty,
            AccessionNumber = metadata.AccessionNumber,
            StudyDate = metadata.StudyDate,
            StudyDescription = metadata.StudyDescription,
        };
        summary.Modalities.AddRange(series.Select(s => s.Modality).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal));
        return summary;
    }

    public static V1.TransferEvent ToProto(this TransferEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new V1.TransferEvent
        {
            Sequence = record.Sequence,
            TransferId = record.TransferId.ToString(),
            Type = record.Kind.ToProto(),
            At = ProtoTime.From(record.At),
            Actor = record.Actor,
            StudyInstanceUid = record.StudyInstanceUid,
            SopInstanceUid = record.SopInstanceUid,
            State = record.State.ToProto(),
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
            Delivery = record.Delivery?.ToProto(),
            ReceiptKeyId = record.SignedReceipt?.KeyId ?? "",
        };
    }
}
