using Handoff.Dicom;
using Handoff.Dicom.IO;

namespace Handoff.Cli.Transfers;

/// <summary>The identifiers of a DICOM instance that decide where it belongs: study, series and instance UIDs.</summary>
internal sealed record InstanceHeader(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid)
{
    /// <summary>Parsing stops before the pixel data: the header costs kilobytes whatever the file size.</summary>
    public static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    /// <summary>
    /// Reads the identifiers, or says in a few words why the input is not an instance Handoff can send. Files
    /// that fail here are skipped with that reason, never sent: the server would reject them anyway.
    /// </summary>
    public static bool TryRead(Func<DicomFile> open, out InstanceHeader header, out string reason)
    {
        header = null!;
        DicomDataset dataset;
        try
        {
            dataset = open().Dataset;
        }
        catch (DicomFormatException e)
        {
            reason = e.Offset == 0 && e.Reason.StartsWith("not DICOM", StringComparison.Ordinal) ? e.Reason : $"malformed DICOM at offset {e.Offset}: {e.Reason}";
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            reason = e.Message;
            return false;
        }
        var study = dataset.GetString(DicomTag.StudyInstanceUID);
        var sop = dataset.GetString(DicomTag.SOPInstanceUID);
        if (string.IsNullOrEmpty(study))
        {
            reason = "DICOM, but not an instance of a study (no StudyInstanceUID)";
            return false;
        }
        if (string.IsNullOrEmpty(sop))
        {
            reason = "DICOM, but without a SOPInstanceUID";
            return false;
        }
        reason = string.Empty;
        header = new InstanceHeader(
            study,
            dataset.GetString(DicomTag.SeriesInstanceUID) ?? string.Empty,
            sop,
            dataset.GetString(DicomTag.SOPClassUID) ?? string.Empty);
        return true;
    }
}
