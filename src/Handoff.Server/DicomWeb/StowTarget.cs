using Handoff.Protos.V1;

namespace Handoff.Server.DicomWeb;

/// <summary>Where a STOW-RS request sends: the destination of its URL, the priority and reason of its query, and the study the URL may name.</summary>
public sealed record StowTarget(string DestinationFacilityId, Priority Priority, string Reason, string? StudyInstanceUid);
