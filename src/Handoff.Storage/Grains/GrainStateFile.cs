using System.Buffers.Binary;

namespace Handoff.Storage.Grains;

/// <summary>
/// Layout of one <c>.state</c> file: a 28-byte header, then the serialized state.
/// <code>
///  0  4  magic "HGS1"
///  4  4  format version (1), little endian
///  8 16  ETag (a GUID, new on every write)
/// 24  4  payload length, little endian
/// 28  …  payload (Orleans serializer output)
/// </code>
/// The stored length lets a read reject a file cut short by a disk fault instead of handing the grain half a state.
/// </summary>
internal static class GrainStateFile
{
    public const int HeaderLength = 28;
    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "HGS1"u8;

    public static byte[] CreateHeader(Guid etag, int payloadLength)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), FormatVersion);
        etag.TryWriteBytes(header.AsSpan(8, 16));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), payloadLength);
        return header;
    }

    /// <summary>Checks a header against the file's length and returns the ETag; <paramref name="path"/> names the file in errors.</summary>
    public static Guid ReadHeader(ReadOnlySpan<byte> header, long fileLength, string path)
    {
        if (header.Length < HeaderLength || fileLength < HeaderLength || !header[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a grain state file");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{path} has grain state format {version}; this build reads {FormatVersion}");
        }

        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        if (payloadLength != fileLength - HeaderLength)
        {
            throw new InvalidDataException($"{path} is damaged: the header declares {payloadLength} bytes of state, the file holds {fileLength - HeaderLength}");
        }

        return new Guid(header.Slice(8, 16));
    }

    public static string FormatETag(Guid etag) => etag.ToString("N");

    public static bool ETagMatches(string? expected, Guid stored) =>
        expected is not null && Guid.TryParseExact(expected, "N", out var parsed) && parsed == stored;
}
