using Handoff.Contracts.Facilities;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>Facility records ↔ protos.</summary>
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
}
