using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Client;

/// <summary>
/// Computes an instance's chunk hashes with the server's chunk size. Memory stays at one pooled chunk buffer
/// whatever the instance size: a 2 GB object hashes with the same footprint as a 500 KB slice.
/// </summary>
public static class InstanceHasher
{
    /// <summary>Hashes a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="chunkSize">The server's chunk size.</param>
    /// <returns>Its chunk hashes.</returns>
    public static InstanceHashes HashFile(string path, int chunkSize)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        return Hash(handle, chunkSize);
    }

    /// <summary>Hashes an open file from its start to its current end.</summary>
    /// <param name="handle">The file, opened for reading.</param>
    /// <param name="chunkSize">The server's chunk size.</param>
    /// <returns>Its chunk hashes.</returns>
    public static InstanceHashes Hash(SafeFileHandle handle, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var length = RandomAccess.GetLength(handle);
        var hashes = new byte[InstanceHashes.ChunkCount(length, chunkSize) * ChunkHash.Size];
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            for (var index = 0; (long)index * chunkSize < length; index++)
            {
                var offset = (long)index * chunkSize;
                var wanted = (int)Math.Min(chunkSize, length - offset);
                var read = ReadFully(handle, buffer.AsSpan(0, wanted), offset);
                if (read != wanted)
                    throw new IOException($"the file shrank while it was being read (expected {length} bytes)");
                SHA256.HashData(buffer.AsSpan(0, wanted), hashes.AsSpan(index * ChunkHash.Size, ChunkHash.Size));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new InstanceHashes(length, chunkSize, hashes);
    }

    /// <summary>Hashes bytes already in memory (a small zip entry, an instance received over the network).</summary>
    /// <param name="bytes">The instance's bytes.</param>
    /// <param name="chunkSize">The server's chunk size.</param>
    /// <returns>Their chunk hashes.</returns>
    public static InstanceHashes Hash(ReadOnlySpan<byte> bytes, int chunkSize)
    {
        var count = InstanceHashes.ChunkCount(bytes.Length, chunkSize);
        var hashes = new byte[count * ChunkHash.Size];
        for (var index = 0; index < count; index++)
        {
            var offset = index * chunkSize;
            var chunk = bytes.Slice(offset, Math.Min(chunkSize, bytes.Length - offset));
            SHA256.HashData(chunk, hashes.AsSpan(index * ChunkHash.Size, ChunkHash.Size));
        }
        return new InstanceHashes(bytes.Length, chunkSize, hashes);
    }

    /// <summary>
    /// Hashes a sequential stream (a compressed zip entry), optionally copying every byte to
    /// <paramref name="copy"/> in the same pass: that is how a large entry is extracted and hashed at once.
    /// </summary>
    /// <param name="stream">The instance's bytes, read to the end.</param>
    /// <param name="chunkSize">The server's chunk size.</param>
    /// <param name="copy">Where to copy the bytes as they are read, or null.</param>
    /// <returns>Their chunk hashes.</returns>
    public static InstanceHashes Hash(Stream stream, int chunkSize, Stream? copy = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hashes = new ArrayBufferWriter<byte>(ChunkHash.Size * 16);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        long length = 0;
        try
        {
            while (true)
            {
                var read = stream.ReadAtLeast(buffer.AsSpan(0, chunkSize), chunkSize, throwOnEndOfStream: false);
                if (read == 0)
                    break;
                copy?.Write(buffer, 0, read);
                SHA256.HashData(buffer.AsSpan(0, read), hashes.GetSpan(ChunkHash.Size));
                hashes.Advance(ChunkHash.Size);
                length += read;
                if (read < chunkSize)
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new InstanceHashes(length, chunkSize, hashes.WrittenSpan.ToArray());
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the file ends.</summary>
    /// <param name="handle">The file.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="offset">Where in the file to start.</param>
    /// <returns>The number of bytes read: less than asked only at the end of the file.</returns>
    public static int ReadFully(SafeFileHandle handle, Span<byte> destination, long offset)
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
