using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Handoff.Dicom.IO;

/// <summary>
/// Writes Part 10: preamble, a file meta group rebuilt with a correct group length and Handoff's implementation
/// identity, and the data set in explicit VR little endian (an encapsulated syntax keeps its syntax and fragments).
/// Sequences and items are written with undefined length, values padded to even length per VR, group lengths
/// and trailing padding dropped. Big endian input is converted; UN and OB bytes are never swapped.
/// </summary>
internal static class DicomFileWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    public static void Write(DicomFile file, Stream stream)
    {
        var syntax = OutputSyntax(file.TransferSyntax);
        var output = new BufferedStream(stream, 64 * 1024);
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        WriteMeta(file, syntax, output);
        WriteDataset(file.Dataset, output);
        output.Flush();
    }

    public static DicomTransferSyntax OutputSyntax(DicomTransferSyntax source) =>
        source.IsEncapsulated && !source.IsDeflated ? source : DicomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>Preamble, "DICM" and meta for a data set whose encoded bytes the caller writes next, unchanged.</summary>
    public static void WritePart10Header(Stream output, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAeTitle)
    {
        var meta = NewMeta(sopClassUid, sopInstanceUid, transferSyntaxUid);
        if (!string.IsNullOrEmpty(sourceAeTitle))
            meta.Add(Text(DicomTag.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle));
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        WriteMetaGroup(meta, output);
    }

    private static DicomDataset NewMeta(string? sopClass, string? sopInstance, string syntaxUid)
    {
        var meta = new DicomDataset();
        meta.Add(new DicomElement(DicomTag.FileMetaInformationVersion, DicomVR.OB, new DicomValue(new byte[] { 0, 1 })));
        // A data set without SOP Class/Instance UIDs (seen in the wild) gets no media storage UIDs rather than empty ones.
        if (sopClass is { Length: > 0 })
            meta.Add(Text(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, sopClass));
        if (sopInstance is { Length: > 0 })
            meta.Add(Text(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance));
        meta.Add(Text(DicomTag.TransferSyntaxUID, DicomVR.UI, syntaxUid));
        meta.Add(Text(DicomTag.ImplementationClassUID, DicomVR.UI, HandoffImplementation.ClassUid));
        meta.Add(Text(DicomTag.ImplementationVersionName, DicomVR.SH, HandoffImplementation.VersionName));
        return meta;
    }

    private static void WriteMeta(DicomFile file, DicomTransferSyntax syntax, Stream output)
    {
        var sourceMeta = file.FileMetaInformation;
        var meta = NewMeta(
            file.Dataset.GetString(DicomTag.SOPClassUID) ?? sourceMeta.GetString(DicomTag.MediaStorageSOPClassUID),
            file.Dataset.GetString(DicomTag.SOPInstanceUID) ?? sourceMeta.GetString(DicomTag.MediaStorageSOPInstanceUID),
            syntax.Uid);
        foreach (var item in sourceMeta)
        {
            if (item.Tag.Element > 0x0013 && !meta.Contains(item.Tag))
                meta.Add(item); // source AE title, private information: kept as they were
        }
        WriteMetaGroup(meta, output);
    }

    private static void WriteMetaGroup(DicomDataset meta, Stream output)
    {
        using var body = new MemoryStream();
        WriteDataset(meta, body);
        var groupLength = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength, 0x0002);
        groupLength[4] = (byte)'U';
        groupLength[5] = (byte)'L';
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength.AsSpan(8), (uint)body.Length);
        output.Write(groupLength);
        body.Position = 0;
        body.CopyTo(output);
    }

    private static DicomElement Text(DicomTag tag, DicomVR vr, string value) =>
        new(tag, vr, new DicomValue(Encoding.ASCII.GetBytes(value)));

    internal static void WriteDataset(DicomDataset dataset, Stream output, bool implicitVR = false)
    {
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength || item.Tag == DicomTag.DataSetTrailingPadding)
                continue;
            switch (item)
            {
                case DicomElement element:
                    WriteElement(element, dataset.IsBigEndian, output, implicitVR);
                    break;
                case DicomSequence sequence:
                    WriteHeader(output, sequence.Tag, DicomVR.SQ, UndefinedLength, implicitVR);
                    foreach (var child in sequence.Items)
                    {
                        WriteItemHeader(output, DicomTag.Item, UndefinedLength);
                        WriteDataset(child, output, implicitVR);
                        WriteItemHeader(output, DicomTag.ItemDelimitationItem, 0);
                    }
                    WriteItemHeader(output, DicomTag.SequenceDelimitationItem, 0);
                    break;
                case DicomFragments fragments:
                    if (implicitVR)
                        throw new InvalidOperationException($"{fragments.Tag}: encapsulated pixel data has no implicit VR encoding");
                    WriteHeader(output, fragments.Tag, fragments.VR, UndefinedLength);
                    WriteFragment(output, fragments.OffsetTable);
                    foreach (var fragment in fragments.Fragments)
                        WriteFragment(output, fragment);
                    WriteItemHeader(output, DicomTag.SequenceDelimitationItem, 0);
                    break;
            }
        }
    }

    private static void WriteElement(DicomElement element, bool bigEndian, Stream output, bool implicitVR)
    {
        var vr = element.VR == DicomVR.None ? DicomVR.UN : element.VR;
        var length = element.Value.Length;
        var padded = length + (length & 1);
        if (!DicomVRInfo.HasLongLength(vr) && padded > 0xFFFE)
            vr = DicomVR.UN; // too long for a 16-bit length field: only UN can carry it unchanged
        if (padded > 0xFFFFFFFE)
            throw new InvalidOperationException($"{element.Tag}: value of {length} bytes exceeds the 32-bit length field");
        WriteHeader(output, element.Tag, vr, (uint)padded, implicitVR);
        var swapUnit = bigEndian && vr != DicomVR.UN ? DicomVRInfo.SwapUnit(vr) : 0;
        WriteValue(output, element.Value, swapUnit);
        if (padded != length)
            output.WriteByte(DicomVRInfo.PaddingByte(vr));
    }

    private static void WriteFragment(Stream output, DicomValue value)
    {
        var padded = value.Length + (value.Length & 1);
        WriteItemHeader(output, DicomTag.Item, (uint)padded);
        WriteValue(output, value, 0);
        if (padded != value.Length)
            output.WriteByte(0);
    }

    private static void WriteValue(Stream output, DicomValue value, int swapUnit)
    {
        if (swapUnit == 0)
        {
            value.CopyTo(output);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var step = buffer.Length / 8 * 8;
            for (long done = 0; done < value.Length; done += step)
            {
                var count = (int)Math.Min(step, value.Length - done);
                var piece = buffer.AsSpan(0, count);
                Read(value, done, piece);
                piece.ReverseEachUnit(swapUnit);
                output.Write(piece);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Read(DicomValue value, long offset, Span<byte> destination)
    {
        if (value.IsInline)
        {
            value.GetBytes().Span.Slice((int)offset, destination.Length).CopyTo(destination);
            return;
        }
        var read = value.Source!.ReadAt(value.Offset + offset, destination);
        if (read != destination.Length)
            throw new IOException($"{value.Source.Description}: value at offset {value.Offset} is truncated");
    }

    private static void WriteHeader(Stream output, DicomTag tag, DicomVR vr, uint length, bool implicitVR = false)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        if (implicitVR)
        {
            // PS3.5 7.1.3: tag and a 32-bit length; the VR comes from the dictionary on reading.
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
            output.Write(header[..8]);
            return;
        }
        header[4] = (byte)((ushort)vr >> 8);
        header[5] = (byte)((ushort)vr & 0xFF);
        if (DicomVRInfo.HasLongLength(vr))
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            output.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            output.Write(header[..8]);
        }
    }

    private static void WriteItemHeader(Stream output, DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        output.Write(header);
    }
}
