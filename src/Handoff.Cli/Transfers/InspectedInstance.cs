using Handoff.Client;

namespace Handoff.Cli.Transfers;

/// <summary>
/// A DICOM instance found under the path being sent: its identifiers (from its header), its chunk hashes, and the
/// source to read its chunks from at upload time (a large zip entry is read back from the temporary file it was
/// extracted to).
/// </summary>
internal sealed class InspectedInstance : SourceInstance
{
    public InspectedInstance(InstanceHeader header, InstanceHashes hashes, InstanceSource source)
        : base(header.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid, hashes, source.Name)
    {
        Header = header;
        Source = source;
        SopClassUid = header.SopClassUid;
    }

    public InstanceHeader Header { get; }

    public InstanceSource Source { get; }
}
