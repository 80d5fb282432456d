using System.Security.Cryptography;
using Google.Protobuf;

namespace Handoff.Cli.Transfers;

/// <summary>
/// The hashes of one instance as Handoff addresses it: the SHA-256 of each chunk of <see cref="ChunkSize"/> bytes
/// (the last one shorter), stored back to back in one array, and the content hash, which is the SHA-256 of those
/// concatenated chunk hashes (the scheme Dropbox uses), so it is verified for free once every chunk is.
/// </summary>
internal sealed class ChunkedHashes
{
    private readonly byte[] _chunkHashes;

    public ChunkedHashes(long length, int chunkSize, byte[] concatenatedChunkHashes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var expected = ChunkCount(length, chunkSize);
        if (concatenatedChunkHashes.Length != expected * ChunkHash.Size)
            throw new ArgumentException($"{length} bytes in chunks of {chunkSize} need {expected} hashes, not {concatenatedChunkHashes.Length / ChunkHash.Size}", nameof(concatenatedChunkHashes));
        Length = length;
        ChunkSize = chunkSize;
        _chunkHashes = concatenatedChunkHashes;
        ContentHash = SHA256.HashData(concatenatedChunkHashes);
    }

    public long Length { get; }

    public int ChunkSize { get; }

    public int Count => _chunkHashes.Length / ChunkHash.Size;

    /// <summary>SHA-256 of the concatenated chunk hashes.</summary>
    public byte[] ContentHash { get; }

    public ReadOnlySpan<byte> Concatenated => _chunkHashes;

    public ReadOnlySpan<byte> Span(int index) => _chunkHashes.AsSpan(index * ChunkHash.Size, ChunkHash.Size);

    public ChunkHash this[int index] => ChunkHash.Read(Span(index));

    /// <summary>The hash as a protobuf value that shares this array rather than copying it.</summary>
    public ByteString ToByteString(int index) =>
        UnsafeByteOperations.UnsafeWrap(_chunkHashes.AsMemory(index * ChunkHash.Size, ChunkHash.Size));

    public long Offset(int index) => (long)index * ChunkSize;

    public int LengthOf(int index) => (int)Math.Min(ChunkSize, Length - Offset(index));

    public static int ChunkCount(long length, int chunkSize) => checked((int)((length + chunkSize - 1) / chunkSize));

    /// <summary>Builds from hashes the server sent (a manifest), checking each is 32 bytes.</summary>
    public static ChunkedHashes FromServer(long length, int chunkSize, IReadOnlyList<ByteString> hashes)
    {
        var concatenated = new byte[hashes.Count * ChunkHash.Size];
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i].Length != ChunkHash.Size)
                throw new InvalidDataException($"chunk hash {i} is {hashes[i].Length} bytes, not {ChunkHash.Size}");
            hashes[i].Span.CopyTo(concatenated.AsSpan(i * ChunkHash.Size));
        }
        return new ChunkedHashes(length, chunkSize, concatenated);
    }
}
