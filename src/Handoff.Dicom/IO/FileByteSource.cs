using Microsoft.Win32.SafeHandles;

namespace Handoff.Dicom.IO;

/// <summary>
/// A byte source over a file. It keeps no handle open: a value read on demand opens the file for that read,
/// so indexing thousands of files never exhausts file descriptors.
/// </summary>
public sealed class FileByteSource : DicomByteSource
{
    public FileByteSource(string path, long length)
    {
        Path = path;
        Length = length;
    }

    public string Path { get; }

    public override long Length { get; }

    public override string Description => Path;

    private SafeFileHandle? _heldOpen;

    public override int ReadAt(long offset, Span<byte> destination)
    {
        if (_heldOpen is { } held)
            return ReadFully(held, offset, destination);
        using SafeFileHandle handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadFully(handle, offset, destination);
    }

    /// <summary>Opens the file and keeps it open until the result is disposed: the parser reads many windows in a row.</summary>
    internal static FileByteSource OpenHeld(string path, out IDisposable release)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var source = new FileByteSource(path, RandomAccess.GetLength(handle)) { _heldOpen = handle };
        release = new Release(source, handle);
        return source;
    }

    private sealed class Release(FileByteSource source, SafeFileHandle handle) : IDisposable
    {
        public void Dispose()
        {
            source._heldOpen = null;
            handle.Dispose();
        }
    }

    internal static int ReadFully(SafeFileHandle handle, long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[total..], offset + total);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }
}
