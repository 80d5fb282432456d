using System.Buffers.Binary;
using System.Text.Json;

namespace Handoff.Dicom.Json;

/// <summary>The "Value" member of elements that are not sequences or bulk binary (PS3.18 F.2.3 and F.2.4).</summary>
internal static class DicomJsonValues
{
    private const string Utf8CharacterSet = "ISO_IR 192";

    // Doubles represent integers exactly up to 2^53; beyond that a JSON reader would silently round them.
    private const long MaxExactInteger = 1L << 53;

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    /// <summary>VRs written as InlineBinary or BulkDataURI rather than a "Value" array.</summary>
    public static bool IsBinary(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.UN or DicomVR.None;

    /// <summary>The "vr" member; an element read without a known VR is UN.</summary>
    public static string VRName(DicomVR vr) => vr == DicomVR.None ? "UN" : vr.Code();

    /// <summary>The tag as 8 uppercase hex digits, the attribute's name in DICOM JSON.</summary>
    public static void FormatTag(DicomTag tag, Span<byte> destination)
    {
        var value = tag.Value;
        for (var i = 7; i >= 0; i--)
        {
            destination[i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>Specific Character Set as "ISO_IR 192", whatever it was: the JSON's text is Unicode.</summary>
    public static void WriteUtf8CharacterSet(Utf8JsonWriter json)
    {
        json.WriteStartArray("Value");
        json.WriteStringValue(Utf8CharacterSet);
        json.WriteEndArray();
    }

    public static void WriteValues(DicomDataset dataset, DicomElement element, Utf8JsonWriter json)
    {
        var vr = element.VR;
        if (DicomVRInfo.IsString(vr))
        {
            WriteStrings(dataset, element, json);
            return;
        }
        var size = vr == DicomVR.AT ? 4 : DicomVRInfo.ValueSize(vr);
        var bytes = element.Value.GetBytes().Span;
        var count = size == 0 ? 0 : bytes.Length / size;
        if (count == 0)
            return;
        json.WriteStartArray("Value");
        for (var i = 0; i < count; i++)
            WriteBinaryNumber(json, vr, bytes.Slice(i * size, size), dataset.IsBigEndian);
        json.WriteEndArray();
    }

    private static void WriteStrings(DicomDataset dataset, DicomElement element, Utf8JsonWriter json)
    {
        var values = dataset.GetStrings(element.Tag);
        if (IsEmpty(values, element.VR))
            return;
        json.WriteStartArray("Value");
        foreach (var value in values)
        {
            if (element.VR == DicomVR.PN)
                DicomJsonPersonName.Write(json, value);
            else if (value.Length == 0)
                json.WriteNullValue(); // an empty value among several (F.2.5)
            else if (element.VR == DicomVR.DS)
                WriteNumberOrString(json, DicomJsonNumbers.NormalizeDecimal(value), value);
            else if (element.VR == DicomVR.IS)
                WriteNumberOrString(json, DicomJsonNumbers.NormalizeInteger(value), value);
            else
                json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// A single value of padding only is empty, like no value at all (F.2.5), and so is a lone person name of
    /// only delimiters ("^^^^"); dcm2json leaves out "Value" for both. Several values keep their places as nulls.
    /// </summary>
    private static bool IsEmpty(string[] values, DicomVR vr) => values.Length switch
    {
        0 => true,
        1 => values[0].Length == 0 || (vr == DicomVR.PN && !DicomJsonPersonName.HasContent(values[0])),
        _ => false,
    };

    /// <summary>
    /// Keeps the digits as written when they form a JSON number. A malformed DS or IS ("1,5", "abc") stays a
    /// string: dcm2json would print it bare and make the whole document invalid JSON.
    /// </summary>
    private static void WriteNumberOrString(Utf8JsonWriter json, string normalized, string original)
    {
        if (DicomJsonNumbers.IsJsonNumber(normalized))
            json.WriteRawValue(normalized, skipInputValidation: true);
        else
            json.WriteStringValue(original);
    }

    private static void WriteBinaryNumber(Utf8JsonWriter json, DicomVR vr, ReadOnlySpan<byte> unit, bool bigEndian)
    {
        switch (vr)
        {
            case DicomVR.US:
                json.WriteNumberValue(bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(unit) : BinaryPrimitives.ReadUInt16LittleEndian(unit));
                break;
            case DicomVR.SS:
                json.WriteNumberValue(bigEndian ? BinaryPrimitives.ReadInt16BigEndian(unit) : BinaryPrimitives.ReadInt16LittleEndian(unit));
                break;
            case DicomVR.UL:
                json.WriteNumberValue(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(unit) : BinaryPrimitives.ReadUInt32LittleEndian(unit));
                break;
            case DicomVR.SL:
                json.WriteNumberValue(bigEndian ? BinaryPrimitives.ReadInt32BigEndian(unit) : BinaryPrimitives.ReadInt32LittleEndian(unit));
                break;
            case DicomVR.FL:
                WriteFloat(json, bigEndian ? BinaryPrimitives.ReadSingleBigEndian(unit) : BinaryPrimitives.ReadSingleLittleEndian(unit));
                break;
            case DicomVR.FD:
                WriteFloat(json, bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(unit) : BinaryPrimitives.ReadDoubleLittleEndian(unit));
                break;
            case DicomVR.SV:
                var signed = bigEndian ? BinaryPrimitives.ReadInt64BigEndian(unit) : BinaryPrimitives.ReadInt64LittleEndian(unit);
                if (signed is >= -MaxExactInteger and <= MaxExactInteger)
                    json.WriteNumberValue(signed);
                else
                    json.WriteStringValue(signed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case DicomVR.UV:
                var unsigned = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(unit) : BinaryPrimitives.ReadUInt64LittleEndian(unit);
                if (unsigned <= MaxExactInteger)
                    json.WriteNumberValue(unsigned);
                else
                    json.WriteStringValue(unsigned.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case DicomVR.AT:
                WriteAttributeTag(json, unit, bigEndian);
                break;
        }
    }

    /// <summary>JSON has no NaN or infinity; they are written as the strings "NaN", "Infinity", "-Infinity".</summary>
    private static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumberValue(value);
        else
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
            json.WriteNumberValue(value);
        else
            WriteFloat(json, (double)value);
    }

    /// <summary>AT: a tag stored as group then element, written as "GGGGEEEE" (F.2.3).</summary>
    private static void WriteAttributeTag(Utf8JsonWriter json, ReadOnlySpan<byte> unit, bool bigEndian)
    {
        var group = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(unit) : BinaryPrimitives.ReadUInt16LittleEndian(unit);
        var element = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(unit[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(unit[2..]);
        Span<byte> text = stackalloc byte[8];
        FormatTag(new DicomTag(group, element), text);
        json.WriteStringValue(text);
    }
}
