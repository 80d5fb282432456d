using System.IO.Compression;

namespace Handoff.Cli.Transfers;

/// <summary>
/// What one worker (a hashing thread, an upload stream) needs to read sources: its own open zip archive, since a
/// <see cref="ZipArchive"/> cannot be read from two threads at once, and the folder for extracted large entries.
/// </summary>
internal sealed class SourceContext : IDisposable
{
    private readonly string? _zipPath;
    private readonly Func<string> _temporaryDirectory;
    private ZipArchive? _archive;

    public SourceContext(string? zipPath, Func<string> temporaryDirectory)
    {
        _zipPath = zipPath;
        _temporaryDirectory = temporaryDirectory;
    }

    public ZipArchiveEntry Entry(int index)
    {
        if (_zipPath is null)
            throw new InvalidOperationException("not reading a zip archive");
        _archive ??= new ZipArchive(new FileStream(_zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024), ZipArchiveMode.Read);
        return _archive.Entries[index];
    }

    public string TemporaryPath(string fileName) => Path.Combine(_temporaryDirectory(), fileName);

    public void Dispose() => _archive?.Dispose();
}
