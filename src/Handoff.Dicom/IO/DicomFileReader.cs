using System.IO.Compression;

namespace Handoff.Dicom.IO;

/// <summary>
/// Finds the parts of a Part 10 file: the optional preamble and "DICM", the file meta group (always explicit VR
/// little endian), and the data set in its transfer syntax. A file without meta, or whose meta lacks a transfer
/// syntax, has its encoding detected from the first data set bytes.
/// </summary>
internal static class DicomFileReader
{
    public static DicomFile Read(DicomByteSource source, DicomReadOptions options)
    {
        var cursor = new SourceCursor(source);
        var hasPreamble = false;
        if (cursor.Length >= 132 && IsDicm(cursor, 128))
        {
            hasPreamble = true;
            cursor.Position = 132;
        }
        else if (cursor.Length >= 4 && IsDicm(cursor, 0))
        {
            cursor.Position = 4;
        }
        else if (cursor.Length < 8)
        {
            throw new DicomFormatException($"{cursor.Length} bytes is too short for a DICOM data set", 0);
        }

        var meta = new DicomDataset();
        var parser = new DicomParser(cursor, options);
        var metaEnd = FindMetaEnd(cursor);
        if (metaEnd > cursor.Position)
            parser.ParseTopLevel(meta, metaEnd, explicitVR: true);

        var syntax = meta.GetString(DicomTag.TransferSyntaxUID) is { Length: > 0 } uid
            ? DicomTransferSyntax.FromUid(uid)
            : Detect(cursor);
        if (!hasPreamble && meta.Count == 0 && cursor.Position == 0)
            CheckLooksLikeDataset(cursor);

        var datasetOffset = cursor.Position;
        if (syntax.IsDeflated)
        {
            var inflated = Inflate(cursor, options.MaxInflatedLength);
            cursor = new SourceCursor(new MemoryByteSource(inflated, $"{source.Description} (inflated)"));
            parser = new DicomParser(cursor, options);
        }

        var dataset = new DicomDataset(syntax.IsBigEndian);
        parser.ParseTopLevel(dataset, cursor.Length, syntax.IsExplicitVR);
        return new DicomFile(meta, dataset, syntax)
        {
            HasPreamble = hasPreamble,
            DatasetOffset = datasetOffset,
            StoppedBeforePixelData = parser.StoppedBeforePixelData,
        };
    }

    private static bool IsDicm(SourceCursor cursor, long at)
    {
        var saved = cursor.Position;
        cursor.Position = at;
        var span = cursor.Peek(4);
        cursor.Position = saved;
        return span[0] == 'D' && span[1] == 'I' && span[2] == 'C' && span[3] == 'M';
    }

    /// <summary>
    /// The meta group ends where group 0002 ends. The group length is not trusted (writers get it wrong);
    /// instead each element header is walked until the group changes.
    /// </summary>
    private static long FindMetaEnd(SourceCursor cursor)
    {
        var start = cursor.Position;
        var position = start;
        while (cursor.Length - position >= 8)
        {
            cursor.Position = position;
            var head = cursor.Peek(8);
            if (head[0] != 0x02 || head[1] != 0x00)
                break;
            var vr = DicomVRInfo.FromBytes(head[4], head[5]);
            long next;
            if (vr == DicomVR.None)
            {
                next = position + 8 + BitConverter.ToUInt32(head[4..8]); // implicit VR meta, seen in old files
            }
            else if (DicomVRInfo.HasLongLength(vr))
            {
                if (cursor.Length - position < 12)
                    break;
                next = position + 12 + BitConverter.ToUInt32(cursor.Peek(12)[8..12]);
            }
            else
            {
                next = position + 8 + BitConverter.ToUInt16(head[6..8]);
            }
            if (next > cursor.Length)
                throw new DicomFormatException("file meta element runs past the end of the file", position, new DicomTag(2, BitConverter.ToUInt16(head[2..4])));
            position = next;
        }
        cursor.Position = start;
        return position;
    }

    /// <summary>Guesses the encoding of a data set from its first element: byte order from the group, VR from the letters.</summary>
    private static DicomTransferSyntax Detect(SourceCursor cursor)
    {
        if (cursor.Remaining < 8)
            return DicomTransferSyntax.ExplicitVRLittleEndian;
        var head = cursor.Peek(8);
        var explicitVR = DicomVRInfo.FromBytes(head[4], head[5]) != DicomVR.None;
        var bigEndian = head[0] == 0 && head[1] != 0;
        if (bigEndian)
            return DicomTransferSyntax.ExplicitVRBigEndian;
        return explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    /// <summary>
    /// A file with neither preamble nor meta must start like a data set: a VR in the right place, or a low even
    /// group in either byte order. Anything else (text, images, archives) is not DICOM.
    /// </summary>
    private static void CheckLooksLikeDataset(SourceCursor cursor)
    {
        var head = cursor.Peek(6);
        var little = head[0] | (head[1] << 8);
        var big = head[1] | (head[0] << 8);
        if (DicomVRInfo.FromBytes(head[4], head[5]) != DicomVR.None || IsPlausibleFirstGroup(little) || IsPlausibleFirstGroup(big))
            return;
        throw new DicomFormatException("not DICOM: no preamble, no file meta, and the first bytes are not a data set", 0);
    }

    /// <summary>Data sets start with a low, even group (0008 usually; 0010 or 0020 when earlier groups are absent).</summary>
    private static bool IsPlausibleFirstGroup(int group) => group % 2 == 0 && group <= 0x0100;

    private static byte[] Inflate(SourceCursor cursor, long maxLength)
    {
        var compressed = new SubStream(cursor.Source, cursor.Position, cursor.Remaining);
        using var inflater = new DeflateStream(compressed, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxLength)
                    throw new DicomFormatException($"deflated data set inflates beyond {maxLength} bytes", cursor.Position);
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException($"deflated data set is corrupt: {e.Message}", cursor.Position, null, e);
        }
        return output.ToArray();
    }
}
