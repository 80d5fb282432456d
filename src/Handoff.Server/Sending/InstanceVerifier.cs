using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Storage.Chunks;

namespace Handoff.Server.Sending;

/// <summary>
/// Reads a completed instance's header from the chunk store and checks it is what was declared: DICOM, the declared
/// SOP Instance UID, the study's Study Instance UID. Extracts what the study grain indexes. Reasons name UIDs and
/// DICOM problems only, never patient data.
/// </summary>
public sealed class InstanceVerifier
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    private readonly IChunkStore _store;

    public InstanceVerifier(IChunkStore store)
    {
        _store = store;
    }

    public InstanceVerification Verify(string studyInstanceUid, PendingInstance instance, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(instance);
        DicomDataset dataset;
        try
        {
            var source = new ChunkedInstanceSource(_store, instance.ChunkHashes, instance.Size, chunkSize, instance.SopInstanceUid);
            dataset = DicomFile.Read(source, HeaderOnly).Dataset;
        }
        catch (DicomFormatException malformed)
        {
            return InstanceVerification.Reject(instance, $"not a readable DICOM instance ({malformed.Message})");
        }
        catch (ArgumentException inconsistent)
        {
            return InstanceVerification.Reject(instance, inconsistent.Message);
        }
        var sopInstanceUid = dataset.GetString(DicomTag.SOPInstanceUID);
        if (string.IsNullOrEmpty(sopInstanceUid))
            return InstanceVerification.Reject(instance, "not a DICOM instance: it has no SOP Instance UID (0008,0018)");
        if (!string.Equals(sopInstanceUid, instance.SopInstanceUid, StringComparison.Ordinal))
            return InstanceVerification.Reject(instance, $"its SOP Instance UID (0008,0018) is {InputEcho.Quote(sopInstanceUid)}, not the declared {instance.SopInstanceUid}");
        var studyUid = dataset.GetString(DicomTag.StudyInstanceUID);
        if (!string.Equals(studyUid, studyInstanceUid, StringComparison.Ordinal))
            return InstanceVerification.Reject(instance, $"its Study Instance UID (0020,000D) is {Describe(studyUid)}, not the declared study {studyInstanceUid}");
        return InstanceVerification.Accept(instance, Index(dataset, sopInstanceUid));
    }

    private static VerifiedInstance Index(DicomDataset dataset, string sopInstanceUid) => new(
        sopInstanceUid,
        Text(dataset, DicomTag.SOPClassUID),
        Text(dataset, DicomTag.SeriesInstanceUID),
        Text(dataset, DicomTag.Modality),
        Text(dataset, DicomTag.SeriesDescription),
        Number(dataset, DicomTag.SeriesNumber),
        Number(dataset, DicomTag.InstanceNumber),
        new StudyMetadata(
            Text(dataset, DicomTag.PatientName),
            Text(dataset, DicomTag.PatientID),
            Text(dataset, DicomTag.IssuerOfPatientID),
            Text(dataset, DicomTag.PatientBirthDate),
            Text(dataset, DicomTag.AccessionNumber),
            Text(dataset, DicomTag.StudyDate),
            Text(dataset, DicomTag.StudyDescription))
        {
            PatientSex = Text(dataset, DicomTag.PatientSex),
            StudyTime = Text(dataset, DicomTag.StudyTime),
            StudyId = Text(dataset, DicomTag.StudyID),
            ReferringPhysicianName = Text(dataset, DicomTag.ReferringPhysicianName),
        })
    {
        SliceThickness = Thickness(dataset),
    };

    /// <summary>A positive, finite Slice Thickness (0018,0050); anything else is "not said" (a completeness rule then fails).</summary>
    private static double? Thickness(DicomDataset dataset) =>
        dataset.GetNumber(SliceThicknessTag) is { } mm && double.IsFinite(mm) && mm > 0 ? mm : null;

    private static readonly DicomTag SliceThicknessTag = new(0x0018, 0x0050);

    // Many writers pad with NUL where DICOM pads with spaces: the index ignores trailing NULs, so "CT\0" matches CT.
    private static string Text(DicomDataset dataset, DicomTag tag) => (dataset.GetString(tag) ?? string.Empty).TrimEnd('\0');

    private static int Number(DicomDataset dataset, DicomTag tag)
    {
        // IS values outside int range are malformed in practice; indexing treats them as absent rather than refusing.
        var value = dataset.GetInteger(tag);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : 0;
    }

    private static string Describe(string? uid) => string.IsNullOrEmpty(uid) ? "missing" : InputEcho.Quote(uid);
}
