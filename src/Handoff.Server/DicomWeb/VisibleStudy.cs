using Handoff.Contracts.Studies;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// A study a facility may see through DICOMweb: held for <paramref name="SourceFacilityId"/> and carried by a transfer
/// the facility sent or received. <paramref name="Summary"/> is its manifest without instances (metadata, series,
/// counts); a query that needs the instances reads them.
/// </summary>
public sealed record VisibleStudy(string SourceFacilityId, string StudyInstanceUid, StudyManifest Summary)
{
    /// <summary>The study grain's key.</summary>
    public string Key => StudyKey.Of(SourceFacilityId, StudyInstanceUid);
}
