using Handoff.Contracts.Studies;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// A study manifest as the destination sees it: series with their instances. Instances not verified yet are listed
/// under the series their sender declared (no modality or description until one of it arrives), or under a series
/// with an empty UID when it declared none; verification puts each under the series its header names.
/// </summary>
public static class ManifestMapping
{
    public static V1.ManifestStudy ToProto(this StudyManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var study = new V1.ManifestStudy
        {
            StudyInstanceUid = manifest.StudyInstanceUid,
            Complete = manifest.Status.State == StudyState.Complete,
            InstancesDeclared = manifest.Status.InstancesDeclared,
        };
        var seriesByUid = new Dictionary<string, V1.ManifestSeries>(StringComparer.Ordinal);
        var modalities = new List<string>();
        foreach (var series in manifest.Series)
        {
            var entry = new V1.ManifestSeries
            {
                SeriesInstanceUid = series.SeriesInstanceUid,
                Modality = series.Modality,
                Description = series.Description,
                SeriesNumber = series.SeriesNumber,
            };
            seriesByUid[series.SeriesInstanceUid] = entry;
            study.Series.Add(entry);
            if (series.Modality.Length > 0 && !modalities.Contains(series.Modality))
                modalities.Add(series.Modality);
        }
        foreach (var instance in manifest.Instances)
        {
            if (!seriesByUid.TryGetValue(instance.SeriesInstanceUid, out var series))
            {
                series = new V1.ManifestSeries { SeriesInstanceUid = instance.SeriesInstanceUid };
                seriesByUid[instance.SeriesInstanceUid] = series;
                study.Series.Add(series);
            }
            series.Instances.Add(instance.ToProto());
        }
        if (manifest.Metadata is { } metadata)
            study.Metadata = metadata.ToProto(modalities);
        return study;
    }

    private static V1.ManifestInstance ToProto(this ManifestInstance instance)
    {
        var proto = new V1.ManifestInstance
        {
            SopInstanceUid = instance.SopInstanceUid,
            SopClassUid = instance.SopClassUid,
            Size = instance.Size,
            ContentHash = ChunkHashes.ToBytesOrEmpty(instance.ContentHash),
            Available = instance.Available,
            InstanceNumber = instance.InstanceNumber,
        };
        foreach (var hash in instance.ChunkHashes)
            proto.ChunkHashes.Add(ChunkHashes.ToBytes(hash));
        return proto;
    }

    private static V1.StudyMetadata ToProto(this StudyMetadata metadata, List<string> modalities)
    {
        var proto = new V1.StudyMetadata
        {
            PatientName = metadata.PatientName,
            PatientId = metadata.PatientId,
            IssuerOfPatientId = metadata.IssuerOfPatientId,
            PatientBirthDate = metadata.PatientBirthDate,
            AccessionNumber = metadata.AccessionNumber,
            StudyDate = metadata.StudyDate,
            StudyDescription = metadata.StudyDescription,
        };
        proto.Modalities.AddRange(modalities);
        return proto;
    }
}
