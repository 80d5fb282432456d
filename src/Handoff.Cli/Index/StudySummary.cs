namespace Handoff.Cli.Index;

/// <summary>One study found by `handoff dicom index`.</summary>
/// <param name="StudyInstanceUid">(0020,000D), which groups the instances.</param>
/// <param name="PatientName">(0010,0010) as text, components joined by '^'; empty when absent.</param>
/// <param name="StudyDate">(0008,0020) as stored (YYYYMMDD); empty when absent.</param>
/// <param name="Modalities">The distinct (0008,0060) values of the study's series, sorted.</param>
/// <param name="SeriesCount">Distinct SeriesInstanceUIDs.</param>
/// <param name="InstanceCount">Distinct SOPInstanceUIDs (a file without one counts as its own instance).</param>
/// <param name="FileCount">Files read; more than InstanceCount when the same instance is stored twice.</param>
/// <param name="TotalBytes">Sum of the files' sizes.</param>
internal sealed record StudySummary(
    string StudyInstanceUid,
    string PatientName,
    string StudyDate,
    IReadOnlyList<string> Modalities,
    int SeriesCount,
    int InstanceCount,
    int FileCount,
    long TotalBytes);
