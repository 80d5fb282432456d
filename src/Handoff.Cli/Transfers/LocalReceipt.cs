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
    public static (List<(string SopInstanceUid, byte[] ContentHash)> Receipt, List<string> Missing) Compute(TransferManifest manifest, string outputDirectory)
    {
        var files = new List<(string Sop, string Path)>();
        foreach (var study in manifest.Studies)
        {
            foreach (var series in study.Series)
            {
                foreach (var instance in series.Instances)
                    files.Add((instance.SopInstanceUid, ReceiveLayout.InstancePath(outputDirectory, study.StudyInstanceUid, series.SeriesInstanceUid, instance.SopInstanceUid)));
            }
        }
        var hashes = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        Parallel.ForEach(files, file =>
        {
            if (File.Exists(file.Path))
                hashes[file.Sop] = InstanceHasher.HashFile(file.Path, manifest.ChunkSize).ContentHash;
        });
        var receipt = new List<(string, byte[])>(hashes.Count);
        var missing = new List<string>();
        foreach (var (sop, _) in files)
        {
            if (hashes.TryGetValue(sop, out var contentHash))
                receipt.Add((sop, contentHash));
            else
                missing.Add(sop);
        }
        return (receipt, missing);
    }
}
