using Handoff.Protos.V1;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Where a STOW-RS request sends: the destination of its URL, the priority and reason of its query, and the study the
/// URL may name. <paramref name="SendId"/> (<c>?send=</c>), chosen by the sender, makes every request that names it join
/// the same transfers however long apart they come: the web page's send resumes after a dropped connection by
/// sending the rest under the same id.
/// </summary>
public sealed record StowTarget(string DestinationFacilityId, Priority Priority, string Reason, string? StudyInstanceUid, string? SendId = null)
{
    /// <summary>When the patient is expected at the destination (<c>?eta=</c>: 45m, 2h or an ISO 8601 time); null when not given.</summary>
    public DateTimeOffset? ExpectedArrival { get; init; }
}
