using System.Collections.Concurrent;
using System.IO.Enumeration;
using Handoff.Dicom;
using Handoff.Dicom.IO;

namespace Handoff.Cli.Index;

/// <summary>
/// Scans a folder tree for DICOM instances and groups them into studies. Built to be fast on thousands of
/// files: sizes come from the directory enumeration (no extra stat per file), each file's header is parsed up to
/// the pixel data and no further, files are read in parallel, and each worker aggregates into its own
/// dictionary so the per-file path is lock-free.
/// </summary>
internal static class StudyIndexer
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    public static StudyIndex Scan(string root)
    {
        var files = ListFiles(root);
        var skipped = new ConcurrentBag<SkippedFile>();
        var studies = new Dictionary<string, StudyAccumulator>(StringComparer.Ordinal);
        // Twice the cores: on a cold cache a worker waiting on the disk leaves its core idle.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 };
        Parallel.ForEach(
            files,
            parallel,
            () => new Dictionary<string, StudyAccumulator>(StringComparer.Ordinal),
            (file, _, local) =>
            {
                if (TryRead(file.Path, file.Length, out var instance, out var reason))
                    Accumulate(local, instance);
                else
                    skipped.Add(new SkippedFile(file.Path, reason));
                return local;
            },
            local =>
            {
                lock (studies)
                {
                    foreach (var (uid, study) in local)
                    {
                        if (studies.TryGetValue(uid, out var existing))
                            existing.Merge(study);
                        else
                            studies.Add(uid, study);
                    }
                }
            });
        return new StudyIndex(Summarize(studies.Values), SortByPath(skipped), files.Count);
    }

    private static List<(string Path, long Length)> ListFiles(string root)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"{root}: no such directory");
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        var enumerable = new FileSystemEnumerable<(string, long)>(root, static (ref entry) => (entry.ToFullPath(), entry.Length), options)
        {
            ShouldIncludePredicate = static (ref entry) => !entry.IsDirectory,
        };
        return [.. enumerable];
    }

    private static bool TryRead(string path, long length, out IndexedInstance instance, out string reason)
    {
        instance = default;
        DicomDataset dataset;
        try
        {
            dataset = DicomFile.Open(path, HeaderOnly).Dataset;
        }
        catch (DicomFormatException e)
        {
            reason = e.Offset == 0 && e.Reason.StartsWith("not DICOM", StringComparison.Ordinal) ? e.Reason : $"malformed DICOM at offset {e.Offset}: {e.Reason}";
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return false;
        }
        var study = dataset.GetString(DicomTag.StudyInstanceUID);
        if (string.IsNullOrEmpty(study))
        {
            reason = "DICOM, but not an instance of a study (no StudyInstanceUID)";
            return false;
        }
        reason = string.Empty;
        instance = new IndexedInstance(
            path,
            length,
            study,
            dataset.GetString(DicomTag.SeriesInstanceUID) ?? string.Empty,
            dataset.GetString(DicomTag.SOPInstanceUID) ?? string.Empty,
            dataset.GetString(DicomTag.PatientName) ?? string.Empty,
            dataset.GetString(DicomTag.StudyDate) ?? string.Empty,
            dataset.GetString(DicomTag.Modality) ?? string.Empty);
        return true;
    }

    private static void Accumulate(Dictionary<string, StudyAccumulator> studies, IndexedInstance instance)
    {
        if (!studies.TryGetValue(instance.StudyInstanceUid, out var study))
        {
            study = new StudyAccumulator(instance.StudyInstanceUid);
            studies.Add(instance.StudyInstanceUid, study);
        }
        study.Add(instance);
    }

    private static List<StudySummary> Summarize(IEnumerable<StudyAccumulator> studies)
    {
        var summaries = new List<StudySummary>();
        foreach (var study in studies)
            summaries.Add(study.ToSummary());
        summaries.Sort(static (a, b) =>
        {
            var byDate = string.CompareOrdinal(a.StudyDate, b.StudyDate);
            return byDate != 0 ? byDate : string.CompareOrdinal(a.StudyInstanceUid, b.StudyInstanceUid);
        });
        return summaries;
    }

    private static List<SkippedFile> SortByPath(IEnumerable<SkippedFile> skipped)
    {
        var list = new List<SkippedFile>(skipped);
        list.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return list;
    }
}
