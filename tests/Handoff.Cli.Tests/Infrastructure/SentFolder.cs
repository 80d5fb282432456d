using System.Security.Cryptography;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// Every DICOM file under a folder a test sends (see <see cref="SentInstance"/>), with what the server must end up
/// holding: the distinct chunks (one chunk file each in the chunk store) and the receipt hash of a correct
/// acknowledgement (SHA-256 over the raw content hashes in ordinal SOP Instance UID order).
/// </summary>
public sealed class SentFolder
{
    /// <summary>The server's default chunk size (Handoff:Upload:ChunkSize), which the client's test servers keep.</summary>
    public const int DefaultChunkSize = 1024 * 1024;

    private SentFolder(IReadOnlyList<SentInstance> instances)
    {
        Instances = instances;
    }

    public IReadOnlyList<SentInstance> Instances { get; }

    public long TotalBytes => Instances.Sum(instance => instance.Length);

    public IReadOnlyList<string> DistinctChunkHashes =>
        [.. Instances.SelectMany(instance => instance.ChunkHashes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public int StudyCount => Instances.Select(instance => instance.StudyInstanceUid).Distinct(StringComparer.Ordinal).Count();

    public IReadOnlyList<string> PatientIdentifiers =>
        [.. Instances.SelectMany(instance => instance.PatientIdentifiers).Distinct(StringComparer.Ordinal)];

    public string ReceiptHash
    {
        get
        {
            var ordered = Instances.OrderBy(instance => instance.SopInstanceUid, StringComparer.Ordinal);
            var raw = ordered.SelectMany(instance => Convert.FromHexString(instance.ContentHash)).ToArray();
            return Convert.ToHexStringLower(SHA256.HashData(raw));
        }
    }

    public static SentFolder Read(string directory, int chunkSize = DefaultChunkSize)
    {
        var files = Directory.GetFiles(directory, "*.dcm", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return new SentFolder([.. files.Select(path => SentInstance.Read(path, chunkSize))]);
    }

    /// <summary>
    /// Each instance whose received file under <paramref name="directory"/> is missing or differs, by SOP Instance
    /// UID, plus any .dcm file there that was never sent: empty when the receive is byte-identical and complete.
    /// </summary>
    public IReadOnlyList<string> DifferencesFromReceived(string directory)
    {
        var differences = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var sentNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in Instances)
        {
            var path = instance.ReceivedPath(directory);
            expected.Add(Path.GetFullPath(path));
            sentNames.Add(instance.SopInstanceUid + ".dcm");
            if (!File.Exists(path))
                differences.Add($"{instance.SopInstanceUid} ({instance.Path}): not at {Path.GetRelativePath(directory, path)}{FoundElsewhere(directory, instance.SopInstanceUid)}");
            else if (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) != instance.Sha256)
                differences.Add($"{instance.SopInstanceUid}: bytes differ from {instance.Path}");
        }
        if (Directory.Exists(directory))
        {
            foreach (var path in Directory.GetFiles(directory, "*.dcm", SearchOption.AllDirectories))
            {
                // A sent instance in the wrong place is reported above, with the place.
                if (!expected.Contains(Path.GetFullPath(path)) && !sentNames.Contains(Path.GetFileName(path)))
                    differences.Add($"{path}: received but never sent");
            }
        }
        return differences;
    }

    private static string FoundElsewhere(string directory, string sopInstanceUid)
    {
        var elsewhere = Directory.Exists(directory) ? Directory.GetFiles(directory, sopInstanceUid + ".dcm", SearchOption.AllDirectories) : [];
        return elsewhere.Length == 0 ? ", nowhere" : $", but at {string.Join(", ", elsewhere.Select(path => Path.GetRelativePath(directory, path)))}";
    }

    /// <summary>Completely received instances (final .dcm files, not .part) under <paramref name="directory"/>.</summary>
    public static int CountReceived(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*.dcm", SearchOption.AllDirectories).Length : 0;
}
