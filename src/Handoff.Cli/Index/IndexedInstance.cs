namespace Handoff.Cli.Index;

/// <summary>The few header values the index needs from one file, and the file's size.</summary>
internal readonly record struct IndexedInstance(
    string Path,
    long Bytes,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    string PatientName,
    string StudyDate,
    string Modality);
