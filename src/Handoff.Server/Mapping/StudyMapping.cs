using Handoff.Contracts.Studies;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>Study status records ↔ protos.</summary>
public static class StudyMapping
{
    public static V1.StudyStatus ToProto(this StudyStatusRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var status = new V1.StudyStatus
        {
            StudyInstanceUid = record.StudyInstanceUid,
            State = record.State.ToProto(),
            InstancesDeclared = record.InstancesDeclared,
            InstancesComplete = record.InstancesComplete,
            BytesDeclared = record.BytesDeclared,
            BytesComplete = record.BytesComplete,
            SeriesCount = record.SeriesCount,
        };
        foreach (var problem in record.Problems)
            status.Problems.Add(new V1.InstanceProblem { SopInstanceUid = problem.SopInstanceUid, Reason = problem.Reason });
        return status;
    }
}
