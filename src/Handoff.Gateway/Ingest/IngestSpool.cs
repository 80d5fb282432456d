using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dimse.Storage;

namespace Handoff.Gateway.Ingest;

/// <summary>
/// The spool's layout: SPOOL/&lt;route AE&gt;/&lt;SOP Instance UID&gt;.dcm for each instance not yet sent whole, and
/// SPOOL/&lt;route AE&gt;/.batches/&lt;patient key&gt; holding the id of that patient's open batch (its transfer's work key).
/// </summary>
internal static class IngestSpool
{
    public static string RouteFolder(string spool, string routeAeTitle) => Path.Combine(spool, routeAeTitle);

    /// <summary>The open batch's id for a patient on a route, made and journaled when there is none.</summary>
    public static string BatchId(string spool, GatewayRoute route, string patientKey)
    {
        var journal = Path.Combine(RouteFolder(spool, route.CalledAeTitle), ".batches", patientKey);
        if (File.Exists(journal))
            return File.ReadAllText(journal).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(journal)!);
        var id = $"gateway/{route.CalledAeTitle}/{Guid.NewGuid():N}";
        File.WriteAllText(journal, id);
        return id;
    }

    /// <summary>A closed batch: its files are in the server, its journal entry goes.</summary>
    public static void Close(string spool, GatewayRoute route, string patientKey, IEnumerable<string> files)
    {
        foreach (var file in files)
            File.Delete(file);
        File.Delete(Path.Combine(RouteFolder(spool, route.CalledAeTitle), ".batches", patientKey));
    }

    /// <summary>Moves a file the server refused out of the way (SPOOL/&lt;route&gt;/.refused), kept for an operator.</summary>
    public static void SetAside(string path)
    {
        var folder = Path.Combine(Path.GetDirectoryName(path)!, ".refused");
        Directory.CreateDirectory(folder);
        if (File.Exists(path))
            File.Move(path, Path.Combine(folder, Path.GetFileName(path)), overwrite: true);
    }

    /// <summary>Files an earlier run spooled and did not finish sending, oldest first, with what their C-STORE said.</summary>
    public static IEnumerable<(string Path, IncomingInstance Instance)> Leftovers(string spool, IngestPolicy policy)
    {
        if (!Directory.Exists(spool))
            yield break;
        foreach (var folder in Directory.EnumerateDirectories(spool))
        {
            var route = policy.RouteOf(Path.GetFileName(folder));
            if (route is null)
                continue;
            // An instance cut short by a crash was never answered success: the PACS sends it again, so its part goes.
            foreach (var part in Directory.EnumerateFiles(folder, "*.part"))
                File.Delete(part);
            foreach (var file in Directory.EnumerateFiles(folder, "*.dcm").OrderBy(File.GetLastWriteTimeUtc))
            {
                DicomFile parsed;
                try
                {
                    parsed = DicomFile.Open(file, new DicomReadOptions { StopBeforePixelData = true });
                }
                catch (Exception e) when (e is DicomFormatException or IOException)
                {
                    SetAside(file); // only the spool writes here, after checking: a damaged disk, kept for an operator
                    continue;
                }
                yield return (file, new IncomingInstance(
                    parsed.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID) ?? "",
                    Path.GetFileNameWithoutExtension(file),
                    parsed.TransferSyntax.Uid,
                    parsed.FileMetaInformation.GetString(DicomTag.SourceApplicationEntityTitle) ?? "",
                    route.CalledAeTitle));
            }
        }
    }
}
