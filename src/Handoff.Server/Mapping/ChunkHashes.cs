using Google.Protobuf;
using Handoff.Contracts.Hashing;
using Handoff.Server.Errors;

namespace Handoff.Server.Mapping;

/// <summary>
/// SHA-256 hashes travel as 32 raw bytes on the wire and as hex in grains and the chunk store; the hex rule (either
/// case accepted, lowercase kept) is <see cref="Sha256Hex"/>'s.
/// </summary>
public static class ChunkHashes
{
    public const int Length = Sha256Hex.ByteLength;

    /// <summary>The hash as lowercase hex; INVALID_ARGUMENT naming <paramref name="field"/> unless it is exactly 32 bytes.</summary>
    public static string ToHex(ByteString hash, string field)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != Length)
            throw new InvalidFieldException(field, $"{field} must be a 32-byte SHA-256, not {hash.Length} bytes");
        return Sha256Hex.FromBytes(hash.Span);
    }

    /// <summary>
    /// The hash at <paramref name="index"/> of a repeated field as lowercase hex; the field's name (say
    /// <c>instances[3].chunk_hashes[7]</c>) is only spelled out when the hash is refused, not once per valid hash.
    /// </summary>
    public static string ToHex(ByteString hash, string repeatedField, int index)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash.Length == Length ? Sha256Hex.FromBytes(hash.Span) : ToHex(hash, $"{repeatedField}[{index}]");
    }

    /// <summary>The raw bytes of a hex hash in either case; <see cref="FormatException"/> for anything but a SHA-256.</summary>
    public static ByteString ToBytes(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return UnsafeByteOperations.UnsafeWrap(Sha256Hex.ToBytes(hex));
    }

    /// <summary>Empty hex (an instance not yet complete has no content hash) stays empty bytes.</summary>
    public static ByteString ToBytesOrEmpty(string? hex) => string.IsNullOrEmpty(hex) ? ByteString.Empty : ToBytes(hex);
}
