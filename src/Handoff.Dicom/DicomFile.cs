using Handoff.Dicom.IO;

namespace Handoff.Dicom;

/// <summary>A DICOM Part 10 file (or a bare data set): its file meta information, data set and transfer syntax.</summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(fileMetaInformation);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>Group 0002; empty for a bare data set.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>The 128-byte preamble and "DICM" were present.</summary>
    public bool HasPreamble { get; init; }

    /// <summary>
    /// Where the data set begins in the file (after the preamble and the meta group): the bytes from here to the
    /// end are the data set as encoded, which a C-STORE sends as they are. For a deflated syntax this is where the
    /// deflated stream begins.
    /// </summary>
    public long DatasetOffset { get; init; }

    /// <summary>Reading stopped before pixel data (<see cref="DicomReadOptions.StopBeforePixelData"/>).</summary>
    public bool StoppedBeforePixelData { get; init; }

    /// <summary>Reads a file's header and small values; large values stay in the file, read on demand.</summary>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = FileByteSource.OpenHeld(path, out var release);
        using (release)
            return DicomFileReader.Read(source, options ?? DicomReadOptions.Default);
    }

    /// <summary>Reads from memory; values are slices of <paramref name="bytes"/>, which must not change afterwards.</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) =>
        DicomFileReader.Read(new MemoryByteSource(bytes), options ?? DicomReadOptions.Default);

    /// <summary>Reads from any random-access source (a chunk store, a blob).</summary>
    public static DicomFile Read(DicomByteSource source, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return DicomFileReader.Read(source, options ?? DicomReadOptions.Default);
    }

    /// <summary>Writes Part 10 explicit VR little endian (encapsulated syntaxes keep their syntax).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        Write(stream);
    }

    /// <inheritdoc cref="Save"/>
    public void Write(Stream stream) => DicomFileWriter.Write(this, stream);

    /// <summary>
    /// Writes the preamble, "DICM" and a file meta group for a data set received over the network, whose bytes
    /// follow as they came: what a C-STORE SCP spools. <paramref name="sourceAeTitle"/> goes in (0002,0016).
    /// </summary>
    public static void WritePart10Header(Stream stream, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAeTitle = null) =>
        DicomFileWriter.WritePart10Header(stream, sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle);
}
