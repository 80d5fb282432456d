namespace Handoff.Cli.Transfers;

/// <summary>
/// A DICOM instance found under the path being sent: its identifiers, its chunk hashes, and the source to read its
/// chunks from at upload time (a large zip entry is read back from the temporary file it was extracted to).
/// </summary>
internal sealed record InspectedInstance(InstanceHeader Header, ChunkedHashes Hashes, InstanceSource Source)
{
    public string StudyInstanceUid => Header.StudyInstanceUid;

    public string SopInstanceUid => Header.SopInstanceUid;

    public long Length => Hashes.Length;
}
