using Handoff.Contracts.Transfers;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>An acknowledgement's outcome as the proto answer: every list as instances, and as bare SOP UIDs for older clients.</summary>
public static class AcknowledgeMapping
{
    public static V1.AcknowledgeResponse ToProto(this AcknowledgeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new V1.AcknowledgeResponse { Accepted = result.Accepted, Transfer = result.Transfer.ToProto() };
        Add(result.Mismatched, response.MismatchedInstances, response.MismatchedSopInstanceUids);
        Add(result.Missing, response.MissingInstances, response.MissingSopInstanceUids);
        Add(result.Unexpected, response.UnexpectedInstances, response.UnexpectedSopInstanceUids);
        return response;
    }

    private static void Add(IReadOnlyList<InstanceKey> keys, ICollection<V1.InstanceRef> instances, ICollection<string> sopInstanceUids)
    {
        foreach (var key in keys)
        {
            instances.Add(new V1.InstanceRef { StudyInstanceUid = key.StudyInstanceUid, SopInstanceUid = key.SopInstanceUid });
            sopInstanceUids.Add(key.SopInstanceUid);
        }
    }
}
