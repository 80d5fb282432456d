using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;

namespace Handoff.Client;

/// <summary>
/// A SHA-256 chunk hash as a value: four machine words, so sets and dictionaries of hashes (which chunks the server
/// lacks, which chunk goes to which instance) compare and hash without allocating strings or arrays per chunk.
/// The client's one home for the hash's size and its hex form.
/// </summary>
/// <param name="A">Bytes 0-7, big-endian.</param>
/// <param name="B">Bytes 8-15, big-endian.</param>
/// <param name="C">Bytes 16-23, big-endian.</param>
/// <param name="D">Bytes 24-31, big-endian.</param>
public readonly record struct ChunkHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The size of a hash in bytes (32).</summary>
    public const int Size = SHA256.HashSizeInBytes;

    /// <summary>Reads a 32-byte hash.</summary>
    /// <param name="hash">Exactly <see cref="Size"/> bytes.</param>
    /// <returns>The hash.</returns>
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

    /// <summary>Reads a hash received from a server.</summary>
    /// <param name="hash">The bytes as received.</param>
    /// <param name="value">The hash, when the bytes are one.</param>
    /// <returns>False when the bytes are not 32 long (a malformed answer).</returns>
    public static bool TryRead(ByteString hash, out ChunkHash value)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != Size)
        {
            value = default;
            return false;
        }
        value = Read(hash.Span);
        return true;
    }

    /// <summary>Parses the hex form (64 hex digits, either case), as chunk stores name chunks.</summary>
    /// <param name="hex">The text.</param>
    /// <param name="value">The hash, when the text is one.</param>
    /// <returns>False for anything but 64 hex digits.</returns>
    public static bool TryParse(string? hex, out ChunkHash value)
    {
        value = default;
        if (hex is null || hex.Length != Size * 2)
            return false;
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }
        value = Read(Convert.FromHexString(hex));
        return true;
    }

    /// <summary>Hashes bytes.</summary>
    /// <param name="data">The bytes of a chunk.</param>
    /// <returns>Their SHA-256.</returns>
    public static ChunkHash Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(data, hash);
        return Read(hash);
    }

    /// <summary>Writes the 32 bytes of the hash.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    /// <summary>The hash as a protobuf value.</summary>
    /// <returns>A new 32-byte string.</returns>
    public ByteString ToByteString()
    {
        var bytes = new byte[Size];
        Write(bytes);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>The lower-case hex form (64 digits).</summary>
    /// <returns>The hex text.</returns>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Write(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
