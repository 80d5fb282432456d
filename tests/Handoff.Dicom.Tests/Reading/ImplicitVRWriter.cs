using System.Buffers.Binary;

namespace Handoff.Dicom.Tests.Reading;

/// <summary>Writes a flat data set as a bare implicit VR little endian stream, for reader tests.</summary>
internal static class ImplicitVRWriter
{
    public static byte[] Write(DicomDataset dataset)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        foreach (var item in dataset)
        {
            var element = (DicomElement)item;
            var value = element.Value.GetBytes().Span;
            BinaryPrimitives.WriteUInt16LittleEndian(header, element.Tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element.Tag.Element);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
            stream.Write(header);
            stream.Write(value);
        }
        return stream.ToArray();
    }
}
