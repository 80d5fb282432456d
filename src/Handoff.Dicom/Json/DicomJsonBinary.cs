using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace Handoff.Dicom.Json;

/// <summary>
/// Writes binary value fields as base64 InlineBinary in bounded pieces: values kept in the file are read a
/// chunk at a time, so a large inline value costs one pooled buffer, not a copy of the value plus its base64.
/// PS3.18 F.2.7 applies PS3.5's byte-order rules with little endian as the default, so values from a big
/// endian data set are swapped per value unit on the way out, as <c>dcm2json</c> does.
/// </summary>
internal static class DicomJsonBinary
{
    // A multiple of 3 (whole base64 groups) and of 8 (whole values of any binary VR).
    private const int ChunkSize = 3 * 8 * 4096;

    private static ReadOnlySpan<byte> ItemHeader => [0xFE, 0xFF, 0x00, 0xE0];

    private static ReadOnlySpan<byte> SequenceDelimiter => [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];

    /// <summary>Bytes in the value field of encapsulated pixel data: each item's 8-byte header and value, then the delimiter.</summary>
    public static long EncapsulatedLength(DicomFragments fragments)
    {
        var length = 8 + fragments.OffsetTable.Length + 8;
        foreach (var fragment in fragments.Fragments)
            length += 8 + fragment.Length;
        return length;
    }

    /// <summary>Writes the value as a base64 string; <paramref name="swapUnit"/> &gt; 1 reverses each unit's bytes.</summary>
    public static void WriteValue(Utf8JsonWriter json, DicomValue value, int swapUnit)
    {
        if (swapUnit <= 1 && value.IsInline)
        {
            json.WriteBase64StringValue(value.GetBytes().Span);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            WriteSegments(json, value, swapUnit, buffer, isLastPart: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes encapsulated pixel data's value field (PS3.5 A.4): the offset table and fragment items, then the delimiter.</summary>
    public static void WriteEncapsulated(Utf8JsonWriter json, DicomFragments fragments)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            WriteItem(json, fragments.OffsetTable, buffer);
            foreach (var fragment in fragments.Fragments)
                WriteItem(json, fragment, buffer);
            json.WriteBase64StringSegment(SequenceDelimiter, isFinalSegment: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteItem(Utf8JsonWriter json, DicomValue value, byte[] buffer)
    {
        Span<byte> header = stackalloc byte[8];
        ItemHeader.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        json.WriteBase64StringSegment(header, isFinalSegment: false);
        WriteSegments(json, value, swapUnit: 0, buffer, isLastPart: false);
    }

    private static void WriteSegments(Utf8JsonWriter json, DicomValue value, int swapUnit, byte[] buffer, bool isLastPart)
    {
        var inline = value.IsInline ? value.GetBytes() : ReadOnlyMemory<byte>.Empty;
        long done = 0;
        do
        {
            var count = (int)Math.Min(ChunkSize, value.Length - done);
            var chunk = buffer.AsSpan(0, count);
            if (value.IsInline)
                inline.Span.Slice((int)done, count).CopyTo(chunk);
            else if (value.Source!.ReadAt(value.Offset + done, chunk) != count)
                throw new IOException($"{value.Source.Description}: value at offset {value.Offset} ends before its {value.Length} bytes");
            if (swapUnit > 1)
                chunk.ReverseEachUnit(swapUnit);
            done += count;
            json.WriteBase64StringSegment(chunk, isFinalSegment: isLastPart && done == value.Length);
            if (json.BytesPending >= ChunkSize)
                json.Flush();
        }
        while (done < value.Length);
    }
}
