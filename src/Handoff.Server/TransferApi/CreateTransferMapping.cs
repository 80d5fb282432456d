using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.TransferApi;

/// <summary>CreateTransfer and AddStudies requests as grain commands, with every field checked and named when wrong.</summary>
public static class CreateTransferMapping
{
    public const int MaxStudiesPerTransfer = 1000;

    public static CreateTransferCommand ToCommand(this V1.CreateTransferRequest request, string sourceFacilityId, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = RequestFields.Required(request.RequestId, "request_id");
        var destination = RequestFields.FacilityAddress(request.DestinationFacilityId, "destination_facility_id");
        if (string.Equals(destination, sourceFacilityId, StringComparison.Ordinal))
            throw new InvalidFieldException("destination_facility_id", $"destination_facility_id '{destination}' is the sending facility itself");
        return new CreateTransferCommand(
            requestId,
            sourceFacilityId,
            destination,
            StudyUids(request.StudyInstanceUids),
            request.Priority.ToContract(),
            RequestFields.Optional(request.Reason, "reason"),
            ExpectedArrival(ProtoTime.ToOptional(request.ExpectedArrival, "expected_arrival"), DateTimeOffset.UtcNow),
            actor);
    }

    /// <summary>
    /// The patient's expected arrival within the bounds the client takes (<see cref="Handoff.Client.ArrivalTime"/>): a
    /// time far ahead would hold the transfer watched for nothing, one long past is a mistake, not a deadline.
    /// </summary>
    public static DateTimeOffset? ExpectedArrival(DateTimeOffset? arrival, DateTimeOffset now)
    {
        if (arrival is not { } at)
            return null;
        if (at > now + Handoff.Client.ArrivalTime.MaxAhead)
            throw new InvalidFieldException("expected_arrival", $"expected_arrival is more than {Handoff.Client.ArrivalTime.MaxAhead.TotalDays:0} days ahead");
        if (at < now - Handoff.Client.ArrivalTime.MaxBehind)
            throw new InvalidFieldException("expected_arrival", $"expected_arrival is more than {Handoff.Client.ArrivalTime.MaxBehind.TotalMinutes:0} minutes in the past");
        return at;
    }

    public static IReadOnlyList<string> StudyUids(IReadOnlyList<string> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        if (uids.Count == 0)
            throw new InvalidFieldException("study_instance_uids", "study_instance_uids must name at least one study");
        if (uids.Count > MaxStudiesPerTransfer)
            throw new InvalidFieldException("study_instance_uids", $"at most {MaxStudiesPerTransfer} studies per transfer");
        var distinct = new List<string>(uids.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < uids.Count; i++)
        {
            var uid = RequestFields.Uid(uids[i], $"study_instance_uids[{i}]");
            if (seen.Add(uid))
                distinct.Add(uid);
        }
        return distinct;
    }
}
