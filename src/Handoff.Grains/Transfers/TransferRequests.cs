using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>Checks transfer commands before the grain asks any other grain anything; messages name the field.</summary>
internal static class TransferRequests
{
    private const int MaxReasonLength = 2000;

    /// <summary>The distinct study UIDs of a valid create command, in the order given.</summary>
    public static List<string> ValidateCreate(CreateTransferCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.RequestId))
            throw DomainException.Invalid("requestId is required");
        if (string.IsNullOrWhiteSpace(command.SourceFacilityId))
            throw DomainException.Invalid("sourceFacilityId is required");
        if (string.IsNullOrWhiteSpace(command.DestinationFacilityId))
            throw DomainException.Invalid("destinationFacilityId is required");
        if (command.DestinationFacilityId == command.SourceFacilityId)
        {
            throw DomainException.Invalid(
                $"destinationFacilityId '{command.DestinationFacilityId}' is the sending facility; a transfer goes to another facility");
        }

        if (!Enum.IsDefined(command.Priority))
            throw DomainException.Invalid($"priority {(int)command.Priority} is not routine, urgent or stat");
        if (command.Reason is { Length: > MaxReasonLength })
            throw DomainException.Invalid($"reason is longer than {MaxReasonLength} characters");
        return ValidateStudyList(command.StudyInstanceUids);
    }

    public static List<string> ValidateStudyList(IReadOnlyList<string>? studyInstanceUids)
    {
        if (studyInstanceUids is not { Count: > 0 })
            throw DomainException.Invalid("studyInstanceUids: name at least one study");
        var distinct = new List<string>(studyInstanceUids.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < studyInstanceUids.Count; i++)
        {
            var uid = studyInstanceUids[i];
            if (string.IsNullOrWhiteSpace(uid))
                throw DomainException.Invalid($"studyInstanceUids[{i}] is empty");
            if (seen.Add(uid))
                distinct.Add(uid);
        }

        return distinct;
    }
}
