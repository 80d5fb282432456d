using System.Collections.Concurrent;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// The receipt for a transfer computed from the files in a folder received with <see cref="FolderInstanceSink"/>: each
/// instance's content hash recomputed from its bytes on disk, to acknowledge later (after an import, say). Instances
/// whose file is absent are left out of <see cref="Entries"/>, so the server's answer names them as missing.
/// </summary>
public sealed class FolderReceipt
{
    private FolderReceipt(IReadOnlyList<ReceiptEntry> entries, IReadOnlyList<InstanceId> missing)
    {
        Entries = entries;
        Missing = missing;
    }

    /// <summary>One entry per instance whose file is present, with the content hash of its bytes.</summary>
    public IReadOnlyList<ReceiptEntry> Entries { get; }

    /// <summary>The instances of the manifest without a file in the folder.</summary>
    public IReadOnlyList<InstanceId> Missing { get; }

    /// <summary>Hashes the folder's files of every instance in the manifest (in parallel).</summary>
    /// <param name="manifest">The transfer's manifest.</param>
    /// <param name="directory">The folder it was received into.</param>
    /// <returns>The receipt.</returns>
    public static FolderReceipt Compute(TransferManifest manifest, string directory)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var files = new List<(string Study, string Sop, string Path)>();
        foreach (var study in manifest.Studies)
        {
            foreach (var series in study.Series)
            {
                foreach (var instance in series.Instances)
                    files.Add((study.StudyInstanceUid, instance.SopInstanceUid, ReceiveLayout.InstancePath(directory, study.StudyInstanceUid, series.SeriesInstanceUid, instance.SopInstanceUid)));
            }
        }
        var hashes = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        Parallel.ForEach(files, file =>
        {
            if (File.Exists(file.Path))
                hashes[file.Path] = InstanceHasher.HashFile(file.Path, manifest.ChunkSize).ContentHash;
        });
        var receipt = new List<ReceiptEntry>(hashes.Count);
        var missing = new List<InstanceId>();
        foreach (var (study, sop, path) in files)
        {
            if (hashes.TryGetValue(path, out var contentHash))
                receipt.Add(new ReceiptEntry(study, sop, contentHash));
            else
                missing.Add(new InstanceId(study, sop));
        }
        return new FolderReceipt(receipt, missing);
    }
}
