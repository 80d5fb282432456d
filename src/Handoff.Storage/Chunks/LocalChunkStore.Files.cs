using System.Globalization;
using Handoff.Storage.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Storage.Chunks;

/// <summary>The file-level mechanics of <see cref="LocalChunkStore"/>: paths, fan-out directories, whole reads and writes.</summary>
public sealed partial class LocalChunkStore
{
    /// <summary>
    /// Creates the 256 fan-out directories once, so no put pays for a mkdir (measured: ~6% of upload CPU); all 0700,
    /// and ones an older version made wider are narrowed.
    /// </summary>
    private static void CreateFanOut(string chunksRoot)
    {
        for (var i = 0; i < 256; i++)
            OwnerOnly.EnsureDirectory(Path.Join(chunksRoot, i.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private string ChunkPath(string hash) => Path.Join(_chunksRoot, hash.AsSpan(0, 2), hash);

    private void WriteTemp(string hash, string temp, ReadOnlySpan<byte> data)
    {
        // 0600 from creation: a chunk is part of a patient's images.
        FileStream file;
        try
        {
            file = OwnerOnly.CreateNew(temp);
        }
        catch (DirectoryNotFoundException)
        {
            // Someone removed the fan-out directory since we created it (an operator cleaning up): make it again.
            OwnerOnly.CreateDirectory(Path.GetDirectoryName(temp)!);
            file = OwnerOnly.CreateNew(temp);
        }

        using (file)
        {
            var handle = file.SafeFileHandle;
            RandomAccess.Write(handle, data, 0);
            if (_flushToDisk)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }
    }

    private SafeFileHandle OpenForRead(string hash, FileOptions options)
    {
        try
        {
            return File.OpenHandle(ChunkPath(hash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ChunkNotFoundException(hash);
        }
    }

    private static int ReadFully(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[filled..], offset + filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} temporary chunk files left by interrupted writes under {Directory}")]
    private static partial void LogTempFilesRemoved(ILogger logger, int count, string directory);
}
