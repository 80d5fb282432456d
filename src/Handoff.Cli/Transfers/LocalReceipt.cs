using System.Collections.Concurrent;
using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>
/// The receipt for a transfer computed from the files in a receive folder: each instance's content hash recomputed
/// from its bytes on disk, as `handoff ack` sends it. Instances whose file is absent are left out, so the server's
/// answer names them as missing.
/// </summary>
internal static class LocalReceipt
{
    public static (List<ReceiptEntry> Receipt, List<string> Missing) Compute(TransferManifest manifest, string outputDirectory)
    {
        var files = new List<(string Study, string Sop, string Path)>();
        foreach (var study in manifest.Studies)
        {
            foreach (var series in study.Series)
            {
                foreach (var instance in series.Instances)
                    files.Add((study.StudyInstanceUid, instance.SopInstanceUid, ReceiveLayout.InstancePath(outputDirectory, study.StudyInstanceUid, series.SeriesInstanceUid, instance.SopInstanceUid)));
            }
        }
        var hashes = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        Parallel.ForEach(files, file =>
        {
            if (File.Exists(file.Path))
                hashes[file.Path] = InstanceHasher.HashFile(file.Path, manifest.ChunkSize).ContentHash;
        });
        var receipt = new List<ReceiptEntry>(hashes.Count);
        var missing = new List<string>();
        foreach (var (study, sop, path) in files)
        {
            if (hashes.TryGetValue(path, out var contentHash))
                receipt.Add(new ReceiptEntry(study, sop, contentHash));
            else
                missing.Add(sop);
        }
        return (receipt, missing);
    }
}
