namespace Handoff.Client;

/// <summary>
/// A DICOM file to send and the identifiers that decide where it belongs, which the caller read from its header (the
/// library does not parse DICOM).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="StudyInstanceUid">Its Study Instance UID (0020,000D).</param>
/// <param name="SeriesInstanceUid">Its Series Instance UID (0020,000E), or empty.</param>
/// <param name="SopInstanceUid">Its SOP Instance UID (0008,0018).</param>
public sealed record InstanceFile(string Path, string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid);
