using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Handoff.Cli.Transfers;

/// <summary>
/// A SHA-256 chunk hash as a value: four machine words, so sets and dictionaries of hashes (which chunks the server
/// lacks, which chunk goes to which instance) compare and hash without allocating strings or arrays per chunk.
/// </summary>
internal readonly record struct ChunkHash(ulong A, ulong B, ulong C, ulong D)
{
    public const int Size = SHA256.HashSizeInBytes;

    public static ChunkHash Read(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Size)
            throw new ArgumentException($"a chunk hash is {Size} bytes, not {hash.Length}", nameof(hash));
        return new ChunkHash(
            BinaryPrimitives.ReadUInt64BigEndian(hash),
            BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));
    }

    /// <summary>A hash received from the server; false when it is not 32 bytes (a malformed answer).</summary>
    public static bool TryRead(ByteString hash, out ChunkHash value)
    {
        if (hash.Length != Size)
        {
            value = default;
            return false;
        }
        value = Read(hash.Span);
        return true;
    }

    /// <summary>Hashes <paramref name="data"/>.</summary>
    public static ChunkHash Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(data, hash);
        return Read(hash);
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Write(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
