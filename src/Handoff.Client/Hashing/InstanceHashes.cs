using System.Security.Cryptography;
using Google.Protobuf;

namespace Handoff.Client;

/// <summary>
/// The hashes of one instance as Handoff addresses it: the SHA-256 of each chunk of <see cref="ChunkSize"/> bytes
/// (the last one shorter), stored back to back in one array, and the content hash, which is the SHA-256 of those
/// concatenated chunk hashes (the scheme Dropbox uses), so it is verified for free once every chunk is. The client's
/// one home for the chunk-count arithmetic and the content-hash rule.
/// </summary>
public sealed class InstanceHashes
{
    private readonly byte[] _chunkHashes;

    /// <summary>Wraps chunk hashes already computed (a relay's source knows them from its chunk store).</summary>
    /// <param name="length">The instance's size in bytes.</param>
    /// <param name="chunkSize">The chunk size the hashes were computed with.</param>
    /// <param name="concatenatedChunkHashes">The 32-byte hashes back to back, one per chunk; kept, not copied.</param>
    public InstanceHashes(long length, int chunkSize, byte[] concatenatedChunkHashes)
    {
        ArgumentNullException.ThrowIfNull(concatenatedChunkHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var expected = ChunkCount(length, chunkSize);
        if (concatenatedChunkHashes.Length != (long)expected * ChunkHash.Size)
            throw new ArgumentException($"{length} bytes in chunks of {chunkSize} need {expected} hashes, not {concatenatedChunkHashes.Length / ChunkHash.Size}", nameof(concatenatedChunkHashes));
        Length = length;
        ChunkSize = chunkSize;
        _chunkHashes = concatenatedChunkHashes;
        ContentHash = ContentHashOf(concatenatedChunkHashes);
    }

    /// <summary>The instance's size in bytes.</summary>
    public long Length { get; }

    /// <summary>The chunk size the hashes were computed with.</summary>
    public int ChunkSize { get; }

    /// <summary>The number of chunks.</summary>
    public int Count => _chunkHashes.Length / ChunkHash.Size;

    /// <summary>SHA-256 of the concatenated chunk hashes: the instance's identity in receipts and manifests.</summary>
    public byte[] ContentHash { get; }

    /// <summary>The chunk hashes back to back.</summary>
    public ReadOnlySpan<byte> Concatenated => _chunkHashes;

    /// <summary>The 32 bytes of one chunk's hash.</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>The hash bytes.</returns>
    public ReadOnlySpan<byte> Span(int index) => _chunkHashes.AsSpan(index * ChunkHash.Size, ChunkHash.Size);

    /// <summary>One chunk's hash as a value.</summary>
    /// <param name="index">The chunk index.</param>
    public ChunkHash this[int index] => ChunkHash.Read(Span(index));

    /// <summary>The hash as a protobuf value that shares this object's array rather than copying it.</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>The 32-byte string.</returns>
    public ByteString ToByteString(int index) =>
        UnsafeByteOperations.UnsafeWrap(_chunkHashes.AsMemory(index * ChunkHash.Size, ChunkHash.Size));

    /// <summary>Where a chunk starts in the instance.</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>The byte offset.</returns>
    public long Offset(int index) => (long)index * ChunkSize;

    /// <summary>A chunk's length: the chunk size, or the remainder for the last one.</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>The length in bytes.</returns>
    public int LengthOf(int index) => (int)Math.Min(ChunkSize, Length - Offset(index));

    /// <summary>How many chunks an instance of <paramref name="length"/> bytes has (an empty one has none).</summary>
    /// <param name="length">The size in bytes.</param>
    /// <param name="chunkSize">The chunk size.</param>
    /// <returns>The chunk count.</returns>
    public static int ChunkCount(long length, int chunkSize) => checked((int)((length + chunkSize - 1) / chunkSize));

    /// <summary>The content-hash rule: SHA-256 over the concatenated chunk hashes.</summary>
    /// <param name="concatenatedChunkHashes">The chunk hashes back to back.</param>
    /// <returns>The 32-byte content hash.</returns>
    public static byte[] ContentHashOf(ReadOnlySpan<byte> concatenatedChunkHashes) => SHA256.HashData(concatenatedChunkHashes);

    /// <summary>Builds from hashes a server sent (a manifest), checking each is 32 bytes and the count fits the length.</summary>
    /// <param name="length">The instance's size in bytes.</param>
    /// <param name="chunkSize">The chunk size.</param>
    /// <param name="hashes">The chunk hashes in order.</param>
    /// <returns>The hashes.</returns>
    public static InstanceHashes FromServer(long length, int chunkSize, IReadOnlyList<ByteString> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (length < 0 || chunkSize < 1 || hashes.Count != ChunkCount(length, chunkSize))
            throw new HandoffProtocolException($"the server listed {hashes.Count} chunk hashes for {length} bytes in chunks of {chunkSize}");
        var concatenated = new byte[hashes.Count * ChunkHash.Size];
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i].Length != ChunkHash.Size)
                throw new HandoffProtocolException($"chunk hash {i} is {hashes[i].Length} bytes, not {ChunkHash.Size}");
            hashes[i].Span.CopyTo(concatenated.AsSpan(i * ChunkHash.Size));
        }
        return new InstanceHashes(length, chunkSize, concatenated);
    }
}
