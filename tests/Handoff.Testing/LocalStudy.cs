using System.Globalization;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.Synthetic;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>A synthetic CT study written to a temp folder and hashed the way a client would before declaring it.</summary>
public sealed class LocalStudy
{
    private LocalStudy(string studyInstanceUid, int seed, IReadOnlyList<LocalInstance> instances)
    {
        StudyInstanceUid = studyInstanceUid;
        Seed = seed;
        Instances = instances;
    }

    public string StudyInstanceUid { get; }

    public int Seed { get; }

    public IReadOnlyList<LocalInstance> Instances { get; }

    /// <summary>What the synthetic writer puts in Patient's Name and Patient ID: must never reach a server log.</summary>
    public string PatientName => string.Create(CultureInfo.InvariantCulture, $"SYNTHETIC^PATIENT{Seed}");

    public string PatientId => string.Create(CultureInfo.InvariantCulture, $"SYN{Seed:D6}");

    public int TotalChunks => Instances.Sum(i => i.ChunkHashes.Count);

    /// <summary>256×256 slices are 128 KiB of pixels: with <see cref="ChunkSizes.Small"/> every instance has 3 chunks.</summary>
    public static LocalStudy Write(string folder, int seed, int slices, int series = 1, int rows = 256, int columns = 256, int chunkSize = ChunkSizes.Small)
    {
        var options = new SyntheticStudyOptions { Slices = slices, Series = series, Seed = seed, Rows = rows, Columns = columns };
        var paths = SyntheticCtStudy.Write(folder, options);
        var instances = new List<LocalInstance>(paths.Count);
        foreach (var path in paths)
        {
            var sop = DicomFile.Open(path).Dataset.GetString(DicomTag.SOPInstanceUID)!;
            instances.Add(LocalInstance.Hash(path, sop, chunkSize));
        }
        return new LocalStudy(SyntheticCtStudy.Uid(seed, "study"), seed, instances);
    }

    /// <summary>Files already written (say, a series added to a study later), hashed as a client would.</summary>
    public static LocalStudy FromFiles(string studyInstanceUid, int seed, IEnumerable<string> paths, int chunkSize = ChunkSizes.Small)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var instances = paths.Select(path => LocalInstance.Hash(path, DicomFile.Open(path).Dataset.GetString(DicomTag.SOPInstanceUID)!, chunkSize)).ToList();
        return new LocalStudy(studyInstanceUid, seed, instances);
    }

    /// <summary>This study without the instances at <paramref name="indexes"/>: a send that leaves some behind.</summary>
    public LocalStudy Without(params int[] indexes) =>
        new(StudyInstanceUid, Seed, Instances.Where((_, index) => !indexes.Contains(index)).ToList());

    /// <summary>
    /// A copy of this study under another Study Instance UID (and series UIDs), keeping every SOP Instance UID: what a
    /// study merge or re-import leaves behind. Same SOP Instance UIDs, different bytes.
    /// </summary>
    public LocalStudy CopyAsStudy(string folder, string studyInstanceUid, int chunkSize = ChunkSizes.Small)
    {
        Directory.CreateDirectory(folder);
        var instances = new List<LocalInstance>(Instances.Count);
        foreach (var instance in Instances)
        {
            var file = DicomFile.Open(instance.Path);
            file.Dataset.Set(DicomTag.StudyInstanceUID, DicomVR.UI, studyInstanceUid);
            file.Dataset.Set(DicomTag.SeriesInstanceUID, DicomVR.UI, studyInstanceUid + ".1");
            var path = Path.Combine(folder, Path.GetFileName(instance.Path));
            file.Save(path);
            instances.Add(LocalInstance.Hash(path, instance.SopInstanceUid, chunkSize));
        }
        return new LocalStudy(studyInstanceUid, Seed, instances);
    }

    /// <summary>The study's files as the library sends them: each with its study, series and SOP Instance UID.</summary>
    public IEnumerable<InstanceFile> ToInstanceFiles() => Instances.Select(instance => new InstanceFile(
        instance.Path,
        StudyInstanceUid,
        DicomFile.Open(instance.Path).Dataset.GetString(DicomTag.SeriesInstanceUID) ?? string.Empty,
        instance.SopInstanceUid));

    public DeclareStudyRequest ToDeclareRequest(IEnumerable<LocalInstance>? only = null)
    {
        var request = new DeclareStudyRequest { StudyInstanceUid = StudyInstanceUid };
        foreach (var instance in only ?? Instances)
            request.Instances.Add(instance.ToDeclaration());
        return request;
    }
}
