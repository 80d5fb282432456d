using Handoff.Contracts.Audit;
using Handoff.Contracts.Facilities;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>Facility and audit records ↔ protos.</summary>
public static class FacilityMapping
{
    public static V1.Facility ToProto(this FacilityInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new V1.Facility
        {
            Id = info.Id,
            DisplayName = info.DisplayName,
            PatientIdIssuer = info.PatientIdIssuer,
            Disabled = info.Disabled,
            CreatedAt = ProtoTime.From(info.CreatedAt),
        };
    }

    public static V1.AuditEvent ToProto(this AuditEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new V1.AuditEvent
        {
            At = ProtoTime.From(record.At),
            Actor = record.Actor,
            FacilityId = record.FacilityId,
            Action = record.Action,
            ObjectType = record.ObjectType,
            ObjectId = record.ObjectId,
            Outcome = record.Outcome,
            Detail = record.Detail,
        };
    }
}
