namespace Handoff.Dicom.IO;

/// <summary>
/// A bare data set (no preamble, no meta group) in a transfer syntax the caller names: what DIMSE carries as a query
/// identifier, a query result or an event report. Little endian, implicit or explicit VR; a data set with
/// encapsulated pixel data travels as a file's bytes, never through here.
/// </summary>
public static class DicomDatasetCodec
{
    /// <summary>Encodes <paramref name="dataset"/> in implicit or explicit VR little endian.</summary>
    public static byte[] Encode(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        RequireLittleEndianUncompressed(syntax);
        using var output = new MemoryStream();
        DicomFileWriter.WriteDataset(dataset, output, implicitVR: !syntax.IsExplicitVR);
        return output.ToArray();
    }

    /// <summary>Decodes a data set encoded in <paramref name="syntax"/>; <see cref="DicomFormatException"/> for malformed bytes.</summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        RequireLittleEndianUncompressed(syntax);
        var cursor = new SourceCursor(new MemoryByteSource(bytes, "DIMSE data set"));
        var dataset = new DicomDataset();
        new DicomParser(cursor, options ?? DicomReadOptions.Default).ParseTopLevel(dataset, cursor.Length, syntax.IsExplicitVR);
        return dataset;
    }

    private static void RequireLittleEndianUncompressed(DicomTransferSyntax syntax)
    {
        if (syntax.IsBigEndian || syntax.IsDeflated || syntax.IsEncapsulated)
            throw new NotSupportedException($"{syntax} is not implicit or explicit VR little endian");
    }
}
