using System.Globalization;
using Handoff.Contracts.Studies;
using Handoff.Dicom;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Search results as data sets of the attributes the server indexes, at study, series and instance level (PS3.18
/// 10.6.3.3), each with its WADO-RS Retrieve URL. Matching runs on these same data sets (<see cref="QidoMatcher"/>),
/// so what can be matched is what is returned. Every count is of the instances that have arrived.
/// </summary>
public static class QidoResults
{
    public static DicomDataset Study(VisibleStudy study, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(study);
        var summary = study.Summary;
        var meta = summary.Metadata;
        var result = new DicomDataset().Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        SetText(result, DicomTag.StudyDate, DicomVR.DA, meta?.StudyDate);
        SetText(result, DicomTag.StudyTime, DicomVR.TM, meta?.StudyTime);
        SetText(result, DicomTag.AccessionNumber, DicomVR.SH, meta?.AccessionNumber);
        result.Set(DicomTag.InstanceAvailability, DicomVR.CS, "ONLINE");
        var modalities = summary.Series.Select(s => s.Modality).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (modalities.Length > 0)
            result.Set(DicomTag.ModalitiesInStudy, DicomVR.CS, modalities);
        SetText(result, DicomTag.ReferringPhysicianName, DicomVR.PN, meta?.ReferringPhysicianName);
        result.Set(DicomTag.RetrieveURL, DicomVR.UR, $"{retrieveBase}/studies/{study.StudyInstanceUid}");
        SetText(result, DicomTag.StudyDescription, DicomVR.LO, meta?.StudyDescription);
        SetText(result, DicomTag.PatientName, DicomVR.PN, meta?.PatientName);
        SetText(result, DicomTag.PatientID, DicomVR.LO, meta?.PatientId);
        SetText(result, DicomTag.IssuerOfPatientID, DicomVR.LO, meta?.IssuerOfPatientId);
        SetText(result, DicomTag.PatientBirthDate, DicomVR.DA, meta?.PatientBirthDate);
        SetText(result, DicomTag.PatientSex, DicomVR.CS, meta?.PatientSex);
        result.Set(DicomTag.StudyInstanceUID, DicomVR.UI, study.StudyInstanceUid);
        SetText(result, DicomTag.StudyID, DicomVR.SH, meta?.StudyId);
        result.Set(DicomTag.NumberOfStudyRelatedSeries, DicomVR.IS, Text(summary.Series.Count));
        result.Set(DicomTag.NumberOfStudyRelatedInstances, DicomVR.IS, Text(summary.Status.InstancesComplete));
        return result;
    }

    public static DicomDataset Series(VisibleStudy study, ManifestSeries series, int instances, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(series);
        var result = new DicomDataset().Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        SetText(result, DicomTag.Modality, DicomVR.CS, series.Modality);
        result.Set(DicomTag.RetrieveURL, DicomVR.UR, $"{retrieveBase}/studies/{study.StudyInstanceUid}/series/{series.SeriesInstanceUid}");
        SetText(result, DicomTag.SeriesDescription, DicomVR.LO, series.Description);
        result.Set(DicomTag.StudyInstanceUID, DicomVR.UI, study.StudyInstanceUid);
        result.Set(DicomTag.SeriesInstanceUID, DicomVR.UI, series.SeriesInstanceUid);
        result.Set(DicomTag.SeriesNumber, DicomVR.IS, Text(series.SeriesNumber));
        result.Set(DicomTag.NumberOfSeriesRelatedInstances, DicomVR.IS, Text(instances));
        return result;
    }

    public static DicomDataset Instance(VisibleStudy study, ManifestInstance instance, string retrieveBase)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(instance);
        var result = new DicomDataset().Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        result.Set(DicomTag.SOPClassUID, DicomVR.UI, instance.SopClassUid);
        result.Set(DicomTag.SOPInstanceUID, DicomVR.UI, instance.SopInstanceUid);
        result.Set(DicomTag.InstanceAvailability, DicomVR.CS, "ONLINE");
        result.Set(DicomTag.RetrieveURL, DicomVR.UR, $"{retrieveBase}/studies/{study.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}");
        result.Set(DicomTag.StudyInstanceUID, DicomVR.UI, study.StudyInstanceUid);
        result.Set(DicomTag.SeriesInstanceUID, DicomVR.UI, instance.SeriesInstanceUid);
        result.Set(DicomTag.InstanceNumber, DicomVR.IS, Text(instance.InstanceNumber));
        return result;
    }

    private static void SetText(DicomDataset result, DicomTag tag, DicomVR vr, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            result.Set(tag, vr, value);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
