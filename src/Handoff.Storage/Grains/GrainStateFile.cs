using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Handoff.Storage.Grains;

/// <summary>
/// Layout of one grain state slot file (see <see cref="GrainStateSlots"/>): a header, then the serialized state.
/// <code>
/// format 2 (written now)                         format 1 (read only: one file replaced by rename)
///  0  4  magic "HGS1"                              0  4  magic "HGS1"
///  4  4  format version (2), little endian         4  4  format version (1)
///  8 16  ETag (a GUID, new on every write)         8 16  ETag
/// 24  4  payload length, little endian            24  4  payload length
/// 28  8  sequence (one more than the last write)  28  …  payload
/// 36 32  SHA-256 of bytes 0-35 and the payload
/// 68  …  payload (Orleans serializer output)
/// </code>
/// A format 2 slot is rewritten in place, so a write cut short (SIGKILL between writes, power loss) can leave it torn;
/// the checksum tells a torn slot from a whole one, and the sequence which of two whole slots is newer. A format 1
/// file was always whole (it was renamed into place) and counts as sequence 0.
/// </summary>
internal static class GrainStateFile
{
    public const int HeaderLength = 68;
    public const int LegacyHeaderLength = 28;
    private const int FormatVersion = 2;
    private const int LegacyFormatVersion = 1;
    private const int ChecksumOffset = 36;
    private static ReadOnlySpan<byte> Magic => "HGS1"u8;

    /// <summary>The header of a new slot holding <paramref name="payload"/>.</summary>
    public static byte[] CreateHeader(Guid etag, long sequence, ReadOnlySpan<byte> payload)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), FormatVersion);
        etag.TryWriteBytes(header.AsSpan(8, 16));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(28), sequence);
        Checksum(header.AsSpan(0, ChecksumOffset), payload, header.AsSpan(ChecksumOffset, SHA256.HashSizeInBytes));
        return header;
    }

    /// <summary>
    /// Reads a slot's header without its payload: enough for a write to know which slot is current. Null when the
    /// file is empty or its header is not a grain state's (a torn first write); the checksum is not checked here.
    /// </summary>
    public static GrainStateHeader? TryReadHeader(ReadOnlySpan<byte> header, long fileLength)
    {
        if (header.Length < LegacyHeaderLength || !header[..4].SequenceEqual(Magic))
            return null;
        var version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var etag = new Guid(header.Slice(8, 16));
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        if (version == LegacyFormatVersion)
            return payloadLength >= 0 && payloadLength == fileLength - LegacyHeaderLength ? new GrainStateHeader(etag, 0, LegacyHeaderLength, payloadLength) : null;
        if (version != FormatVersion || header.Length < HeaderLength || payloadLength < 0 || payloadLength > fileLength - HeaderLength)
            return null;
        return new GrainStateHeader(etag, BinaryPrimitives.ReadInt64LittleEndian(header[28..]), HeaderLength, payloadLength);
    }

    /// <summary>A whole slot file's header when the file is whole (and, for format 2, its checksum matches), else null.</summary>
    public static GrainStateHeader? TryReadWhole(ReadOnlySpan<byte> file)
    {
        if (TryReadHeader(file, file.Length) is not { } header)
            return null;
        if (header.HeaderLength == LegacyHeaderLength)
            return header;
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        Checksum(file[..ChecksumOffset], file.Slice(HeaderLength, header.PayloadLength), actual);
        return actual.SequenceEqual(file.Slice(ChecksumOffset, SHA256.HashSizeInBytes)) ? header : null;
    }

    public static string FormatETag(Guid etag) => etag.ToString("N");

    public static bool ETagMatches(string? expected, Guid stored) =>
        expected is not null && Guid.TryParseExact(expected, "N", out var parsed) && parsed == stored;

    private static void Checksum(ReadOnlySpan<byte> headerStart, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(headerStart);
        hash.AppendData(payload);
        hash.GetHashAndReset(destination);
    }
}

/// <summary>What a slot's header says: its ETag, its sequence, and where its payload lies.</summary>
internal readonly record struct GrainStateHeader(Guid ETag, long Sequence, int HeaderLength, int PayloadLength);
