using Google.Protobuf;
using Handoff.Server.Errors;

namespace Handoff.Server.Mapping;

/// <summary>SHA-256 hashes travel as 32 raw bytes on the wire and as lowercase hex in grains and the chunk store.</summary>
public static class ChunkHashes
{
    public const int Length = 32;

    /// <summary>The hash as lowercase hex; INVALID_ARGUMENT naming <paramref name="field"/> unless it is exactly 32 bytes.</summary>
    public static string ToHex(ByteString hash, string field)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != Length)
            throw new InvalidFieldException(field, $"{field} must be a 32-byte SHA-256, not {hash.Length} bytes");
        return Convert.ToHexStringLower(hash.Span);
    }

    public static ByteString ToBytes(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return UnsafeByteOperations.UnsafeWrap(Convert.FromHexString(hex));
    }

    /// <summary>Empty hex (an instance not yet complete has no content hash) stays empty bytes.</summary>
    public static ByteString ToBytesOrEmpty(string? hex) => string.IsNullOrEmpty(hex) ? ByteString.Empty : ToBytes(hex);
}
