using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Handoff.Dicom;

namespace Handoff.Cli.Dump;

/// <summary>
/// The value column of a dump line: strings in brackets, numbers separated by '\', binary data as hex units,
/// cut after <see cref="MaxValueChars"/> characters with "..." as dcmdump does. Only the first bytes of a long
/// binary value are read, so dumping a file with a 500 MB pixel data element costs no more than a small one.
/// </summary>
internal static class DicomDumpValues
{
    public const int MaxValueChars = 64;

    public const string NoValue = "(no value available)";

    // Enough bytes to fill the value column with the smallest units (one byte as "ff\").
    private const int PrefixBytes = MaxValueChars;

    public static string Format(DicomDataset dataset, DicomElement element, out int multiplicity)
    {
        var vr = element.VR;
        multiplicity = 0;
        if (element.Value.Length == 0)
            return NoValue;
        if (DicomVRInfo.IsString(vr))
            return FormatString(dataset, element, out multiplicity);
        var unit = UnitSize(vr);
        multiplicity = IsBulk(vr) ? 1 : (int)Math.Min(int.MaxValue, element.Value.Length / unit);
        return FormatUnits(element.Value, vr, unit, dataset.IsBigEndian);
    }

    /// <summary>An encapsulated pixel data item: bytes in hex.</summary>
    public static string FormatFragment(DicomValue value) =>
        value.Length == 0 ? NoValue : FormatUnits(value, DicomVR.OB, 1, bigEndian: false);

    private static string FormatString(DicomDataset dataset, DicomElement element, out int multiplicity)
    {
        var text = dataset.GetString(element.Tag) ?? string.Empty;
        multiplicity = text.Length == 0 ? 0 : DicomVRInfo.IsSingleValued(element.VR) ? 1 : text.AsSpan().Count('\\') + 1;
        if (text.Length == 0)
            return NoValue;
        var truncated = text.Length > MaxValueChars;
        var shown = truncated ? text[..MaxValueChars] : text;
        // Line breaks and other controls (LT and UT allow them) would break the one-line-per-element layout.
        var builder = new StringBuilder(shown.Length + 4).Append('[');
        foreach (var c in shown)
            builder.Append(char.IsControl(c) ? '.' : c);
        return builder.Append(truncated ? "..." : "]").ToString();
    }

    private static bool IsBulk(DicomVR vr) => vr is DicomVR.OB or DicomVR.OW or DicomVR.OL or DicomVR.OV
        or DicomVR.OF or DicomVR.OD or DicomVR.UN or DicomVR.None;

    private static int UnitSize(DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.UN or DicomVR.None => 1,
        DicomVR.AT => 4,
        _ => Math.Max(1, DicomVRInfo.ValueSize(vr)),
    };

    private static string FormatUnits(DicomValue value, DicomVR vr, int unit, bool bigEndian)
    {
        var prefix = ReadPrefix(value, PrefixBytes / unit * unit + unit * 8);
        var text = new StringBuilder(MaxValueChars + 16);
        var offset = 0;
        // Whole units only, as dcmdump does: the last one may run a little past the column limit.
        for (; offset + unit <= prefix.Length && text.Length < MaxValueChars; offset += unit)
        {
            if (offset > 0)
                text.Append('\\');
            AppendUnit(text, vr, prefix.Slice(offset, unit), bigEndian);
        }
        var more = offset < value.Length - value.Length % unit;
        return more ? text.Append("...").ToString() : text.ToString();
    }

    private static void AppendUnit(StringBuilder text, DicomVR vr, ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (vr)
        {
            case DicomVR.US: text.Append(Read16(bytes, bigEndian).ToString(invariant)); break;
            case DicomVR.SS: text.Append(((short)Read16(bytes, bigEndian)).ToString(invariant)); break;
            case DicomVR.UL: text.Append(Read32(bytes, bigEndian).ToString(invariant)); break;
            case DicomVR.SL: text.Append(((int)Read32(bytes, bigEndian)).ToString(invariant)); break;
            case DicomVR.UV: text.Append(Read64(bytes, bigEndian).ToString(invariant)); break;
            case DicomVR.SV: text.Append(((long)Read64(bytes, bigEndian)).ToString(invariant)); break;
            case DicomVR.FL or DicomVR.OF: text.Append(BitConverter.UInt32BitsToSingle(Read32(bytes, bigEndian)).ToString(invariant)); break;
            case DicomVR.FD or DicomVR.OD: text.Append(BitConverter.UInt64BitsToDouble(Read64(bytes, bigEndian)).ToString(invariant)); break;
            case DicomVR.AT: text.Append(new DicomTag(Read16(bytes, bigEndian), Read16(bytes[2..], bigEndian)).ToString().ToLowerInvariant()); break;
            case DicomVR.OW: text.Append(Read16(bytes, bigEndian).ToString("x4", invariant)); break;
            case DicomVR.OL: text.Append(Read32(bytes, bigEndian).ToString("x8", invariant)); break;
            case DicomVR.OV: text.Append(Read64(bytes, bigEndian).ToString("x16", invariant)); break;
            default: text.Append(bytes[0].ToString("x2", invariant)); break;
        }
    }

    private static ushort Read16(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private static uint Read32(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private static ulong Read64(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);

    /// <summary>The first <paramref name="count"/> bytes, read from the source only when the value is not in memory.</summary>
    private static ReadOnlySpan<byte> ReadPrefix(DicomValue value, int count)
    {
        count = (int)Math.Min(count, value.Length);
        if (value.IsInline)
            return value.GetBytes().Span[..count];
        var buffer = new byte[count];
        var read = value.Source!.ReadAt(value.Offset, buffer);
        return buffer.AsSpan(0, read);
    }
}
