using System.IO.Compression;
using System.IO.Enumeration;
using Handoff.Cli.Commands;

namespace Handoff.Cli.Transfers;

/// <summary>
/// The candidate instances under what the user asked to send: every file below a folder, every entry of a zip,
/// or one file. Listing reads only directory entries (or the zip's central directory), so it is instant and gives
/// the fingerprint of the input before any byte is hashed. Owns the temporary folder for large zip entries.
/// </summary>
internal sealed class SourceListing : IDisposable
{
    private readonly Lock _temporaryLock = new();
    private string? _temporaryDirectory;

    private SourceListing(string root, string? zipPath, List<InstanceSource> sources)
    {
        Root = root;
        ZipPath = zipPath;
        Sources = sources;
    }

    /// <summary>The folder or file the user named.</summary>
    public string Root { get; }

    /// <summary>The archive when the input is a zip.</summary>
    public string? ZipPath { get; }

    /// <summary>Candidates in ordinal name order, so every run lists them the same way.</summary>
    public IReadOnlyList<InstanceSource> Sources { get; }

    public static SourceListing Open(string path)
    {
        if (Directory.Exists(path))
            return new SourceListing(path, null, ListFolder(path));
        if (!File.Exists(path))
            throw new CliFailure($"{path}: no such file or directory");
        if (IsZip(path))
            return new SourceListing(path, Path.GetFullPath(path), ListZip(path));
        var info = new FileInfo(path);
        return new SourceListing(path, null, [new FileInstanceSource(info.FullName, info.Name, info.Length, info.LastWriteTimeUtc)]);
    }

    /// <summary>A reader context for one worker; dispose it when the worker ends.</summary>
    public SourceContext CreateContext() => new(ZipPath, TemporaryDirectory);

    public void Dispose()
    {
        if (_temporaryDirectory is { } directory && Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    private string TemporaryDirectory()
    {
        lock (_temporaryLock)
        {
            _temporaryDirectory ??= Directory.CreateTempSubdirectory("handoff-send-").FullName;
            return _temporaryDirectory;
        }
    }

    private static List<InstanceSource> ListFolder(string root)
    {
        var full = Path.GetFullPath(root);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        var enumerable = new FileSystemEnumerable<InstanceSource>(
            full,
            (ref entry) =>
            {
                var path = entry.ToFullPath();
                return new FileInstanceSource(path, Path.GetRelativePath(full, path), entry.Length, entry.LastWriteTimeUtc.UtcDateTime);
            },
            options)
        {
            ShouldIncludePredicate = static (ref entry) => !entry.IsDirectory,
        };
        var sources = new List<InstanceSource>(enumerable);
        sources.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return sources;
    }

    private static List<InstanceSource> ListZip(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var sources = new List<InstanceSource>(archive.Entries.Count);
            for (var index = 0; index < archive.Entries.Count; index++)
            {
                var entry = archive.Entries[index];
                // Folders appear as entries whose name ends with a separator; they hold no bytes.
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                    continue;
                sources.Add(new ZipEntrySource(index, entry.FullName, entry.Length, entry.Crc32));
            }
            sources.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return sources;
        }
        catch (InvalidDataException e)
        {
            throw new CliFailure($"{path}: not a readable zip archive ({e.Message})");
        }
    }

    private static bool IsZip(string path)
    {
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            return true;
        // A zip saved without its extension still starts with a local file header.
        Span<byte> magic = stackalloc byte[4];
        using var handle = File.OpenHandle(path);
        return RandomAccess.Read(handle, magic, 0) == 4 && magic.SequenceEqual("PK\x03\x04"u8);
    }
}
