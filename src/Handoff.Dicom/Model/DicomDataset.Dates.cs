namespace Handoff.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>A DA value (YYYYMMDD, or the legacy YYYY.MM.DD), or null when absent or not a date.</summary>
    public DateOnly? GetDate(DicomTag tag, int index = 0) => DicomDateTimeParser.ParseDate(GetString(tag, index));

    /// <summary>A TM value (HH[MM[SS[.FFFFFF]]], or the legacy HH:MM:SS), or null.</summary>
    public TimeOnly? GetTime(DicomTag tag, int index = 0) => DicomDateTimeParser.ParseTime(GetString(tag, index));

    /// <summary>A DT value with its UTC offset when it has one (zero otherwise), or null.</summary>
    public DateTimeOffset? GetDateTimeOffset(DicomTag tag, int index = 0) => DicomDateTimeParser.ParseDateTime(GetString(tag, index));

    /// <summary>A DT value as local civil time, ignoring any offset suffix, or null.</summary>
    public DateTime? GetDateTime(DicomTag tag, int index = 0) => GetDateTimeOffset(tag, index)?.DateTime;
}
