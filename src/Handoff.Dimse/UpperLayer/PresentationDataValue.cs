using System.Buffers.Binary;

namespace Handoff.Dimse.UpperLayer;

/// <summary>One fragment of a DIMSE message in a P-DATA-TF PDU (PS3.8 9.3.5.1, annex E).</summary>
/// <param name="ContextId">The presentation context it belongs to.</param>
/// <param name="IsCommand">A fragment of the command set (else of the data set).</param>
/// <param name="IsLast">The last fragment of the command or data set.</param>
/// <param name="Data">The fragment's bytes (a slice of the PDU's buffer: valid while the PDU is).</param>
public readonly record struct PresentationDataValue(byte ContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data)
{
    /// <summary>The fragments of a P-DATA-TF variable field, each length checked against what is left.</summary>
    public static List<PresentationDataValue> ReadAll(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>(1);
        var rest = body;
        while (rest.Length > 0)
        {
            if (rest.Length < 6)
                throw new PduFormatException($"P-DATA-TF ends with {rest.Length} bytes, too few for a presentation data value");
            var length = BinaryPrimitives.ReadUInt32BigEndian(rest.Span);
            if (length < 2 || length > rest.Length - 4)
                throw new PduFormatException($"a presentation data value declares {length} bytes; {rest.Length - 4} are left in the PDU");
            var contextId = rest.Span[4];
            var header = rest.Span[5];
            if ((header & 0xFC) != 0)
                throw new PduFormatException($"presentation data value header 0x{header:X2} has reserved bits set");
            values.Add(new PresentationDataValue(contextId, (header & 1) != 0, (header & 2) != 0, rest.Slice(6, (int)length - 2)));
            rest = rest[(4 + (int)length)..];
        }
        if (values.Count == 0)
            throw new PduFormatException("P-DATA-TF holds no presentation data value");
        return values;
    }
}
