using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Studies;

/// <summary>What <see cref="StudyGrain"/> logs: ids and counts only, never patient data.</summary>
internal static partial class StudyLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid}: {Added} instances declared, {Total} in all")]
    public static partial void Declared(ILogger logger, string facilityId, string studyInstanceUid, int added, int total);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Study {FacilityId}/{StudyInstanceUid}: {Count} instances verified")]
    public static partial void Verified(ILogger logger, string facilityId, string studyInstanceUid, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid}: instance {SopInstanceUid} refused")]
    public static partial void Rejected(ILogger logger, string facilityId, string studyInstanceUid, string sopInstanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: refusal of verified instance {SopInstanceUid} ignored")]
    public static partial void RejectionOfVerifiedIgnored(ILogger logger, string facilityId, string studyInstanceUid, string sopInstanceUid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid} complete with {Count} instances")]
    public static partial void Completed(ILogger logger, string facilityId, string studyInstanceUid, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid} cleared: transfer {TransferId} released the last hold ({Instances} instances)")]
    public static partial void Released(ILogger logger, string facilityId, string studyInstanceUid, Guid transferId, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {FacilityId}/{StudyInstanceUid} cleared: retention ended with {Holds} unreleased holds ({Instances} instances)")]
    public static partial void Expired(ILogger logger, string facilityId, string studyInstanceUid, int holds, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: removing it from the registry failed after it was cleared")]
    public static partial void UnregisterFailed(ILogger logger, Exception exception, string facilityId, string studyInstanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: removing its retention reminder failed")]
    public static partial void ReminderCleanupFailed(ILogger logger, Exception exception, string facilityId, string studyInstanceUid);
}
