using System.Buffers.Binary;
using System.Text;

namespace Handoff.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>
    /// Sets a string element. Text is encoded as UTF-8 when this data set declares ISO_IR 192 and as Latin-1
    /// otherwise (ASCII is both); multiple values are joined with '\'. Padding is added when written.
    /// </summary>
    public DicomDataset Set(DicomTag tag, DicomVR vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!DicomVRInfo.IsString(vr))
            throw new ArgumentException($"{vr.Code()} is not a string VR", nameof(vr));
        var text = string.Join('\\', values);
        var utf8 = DicomVRInfo.UsesCharacterSet(vr) && CharacterSet.Terms.Contains("ISO_IR 192");
        var bytes = utf8 ? Encoding.UTF8.GetBytes(text) : Encoding.Latin1.GetBytes(text);
        Add(new DicomElement(tag, vr, new DicomValue(bytes)));
        return this;
    }

    /// <summary>Sets a US element (or OW, SS reinterpreted) in this data set's byte order.</summary>
    public DicomDataset Set(DicomTag tag, DicomVR vr, params ushort[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            if (IsBigEndian)
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i * 2), values[i]);
            else
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }
        Add(new DicomElement(tag, vr, new DicomValue(bytes)));
        return this;
    }

    /// <summary>Sets a binary element from bytes already in this data set's byte order (OB, OW pixel data, UN).</summary>
    public DicomDataset Set(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        Add(new DicomElement(tag, vr, new DicomValue(bytes)));
        return this;
    }

    /// <summary>Sets a sequence of items; each item should have been created with this data set as parent.</summary>
    public DicomDataset Set(DicomTag tag, IReadOnlyList<DicomDataset> items)
    {
        Add(new DicomSequence(tag, items));
        return this;
    }
}
