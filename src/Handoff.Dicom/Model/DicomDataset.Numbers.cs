using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Handoff.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>An integer from an IS string or a binary integer VR (US SS UL SL SV UV), or null.</summary>
    public long? GetInteger(DicomTag tag, int index = 0)
    {
        if (Find(tag) is not DicomElement element)
            return null;
        switch (element.VR)
        {
            case DicomVR.IS:
                var text = GetString(tag, index);
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            case DicomVR.US: return Binary<ushort>(element, index);
            case DicomVR.SS: return Binary<short>(element, index);
            case DicomVR.UL: return Binary<uint>(element, index);
            case DicomVR.SL: return Binary<int>(element, index);
            case DicomVR.SV: return Binary<long>(element, index);
            case DicomVR.UV: return Binary<ulong>(element, index) is { } u && u <= long.MaxValue ? (long)u : null;
            default: return null;
        }
    }

    /// <summary>A number from DS or IS strings or any binary numeric VR, or null.</summary>
    public double? GetNumber(DicomTag tag, int index = 0)
    {
        if (Find(tag) is not DicomElement element)
            return null;
        switch (element.VR)
        {
            case DicomVR.DS or DicomVR.IS:
                var text = GetString(tag, index);
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            case DicomVR.FL or DicomVR.OF: return Binary<float>(element, index);
            case DicomVR.FD or DicomVR.OD: return Binary<double>(element, index);
            default: return GetInteger(tag, index);
        }
    }

    /// <summary>Every value of a numeric element (DS, IS, or binary), in order; empty when absent.</summary>
    public double[] GetNumbers(DicomTag tag)
    {
        if (Find(tag) is not DicomElement element)
            return [];
        var count = DicomVRInfo.IsString(element.VR) ? GetStrings(tag).Length : ValueCount(element);
        var result = new double[count];
        for (var i = 0; i < count; i++)
            result[i] = GetNumber(tag, i) ?? double.NaN;
        return result;
    }

    public ushort? GetUInt16(DicomTag tag, int index = 0) => Find(tag) is DicomElement e && e.VR is DicomVR.US or DicomVR.OW ? Binary<ushort>(e, index) : null;

    public uint? GetUInt32(DicomTag tag, int index = 0) => Find(tag) is DicomElement e && e.VR is DicomVR.UL or DicomVR.OL ? Binary<uint>(e, index) : null;

    /// <summary>An AT value: a tag stored as two 16-bit numbers, each in the data set's byte order.</summary>
    public DicomTag? GetAttributeTag(DicomTag tag, int index = 0)
    {
        if (Find(tag) is not DicomElement { VR: DicomVR.AT } element)
            return null;
        var group = Binary<ushort>(element, index * 2);
        var number = Binary<ushort>(element, index * 2 + 1);
        return group is { } g && number is { } n ? new DicomTag(g, n) : null;
    }

    /// <summary>All values of a binary element as <typeparamref name="T"/>, converted to this machine's byte order.</summary>
    public T[] GetBinaryValues<T>(DicomTag tag) where T : unmanaged
    {
        if (Find(tag) is not DicomElement element)
            return [];
        var bytes = element.Value.GetBytes().Span;
        var size = Marshal.SizeOf<T>();
        var values = MemoryMarshal.Cast<byte, T>(bytes[..(bytes.Length / size * size)]).ToArray();
        if (IsBigEndian != !BitConverter.IsLittleEndian && size > 1)
            MemoryMarshal.AsBytes(values.AsSpan()).ReverseEachUnit(size);
        return values;
    }

    public DicomSequence? GetSequence(DicomTag tag) => Find(tag) as DicomSequence;

    private static int ValueCount(DicomElement element)
    {
        var size = DicomVRInfo.ValueSize(element.VR);
        return size == 0 ? 0 : (int)(element.Value.Length / size);
    }

    private T? Binary<T>(DicomElement element, int index) where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        var bytes = element.Value.GetBytes().Span;
        if (index < 0 || (long)(index + 1) * size > bytes.Length)
            return null;
        Span<byte> unit = stackalloc byte[size];
        bytes.Slice(index * size, size).CopyTo(unit);
        if (IsBigEndian == BitConverter.IsLittleEndian)
            unit.Reverse();
        return MemoryMarshal.Read<T>(unit);
    }
}
