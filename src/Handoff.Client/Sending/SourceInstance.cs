namespace Handoff.Client;

/// <summary>
/// One instance an <see cref="IInstanceSource"/> offers: the identifiers that decide where it belongs (read from its
/// DICOM header by the source; the library never parses DICOM), its chunk hashes, and a name for messages. A source
/// may derive from it to keep its own handle on the bytes (a path, an archive entry) for its <see cref="IChunkReader"/>.
/// </summary>
public class SourceInstance
{
    /// <summary>Creates the instance.</summary>
    /// <param name="studyInstanceUid">The study it belongs to (0020,000D).</param>
    /// <param name="seriesInstanceUid">Its series (0020,000E), or empty when unknown.</param>
    /// <param name="sopInstanceUid">Its SOP Instance UID (0008,0018).</param>
    /// <param name="hashes">Its chunk hashes, with the server's chunk size.</param>
    /// <param name="name">How messages name it (a relative path), also declared to the server for its messages.</param>
    public SourceInstance(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid, InstanceHashes hashes, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);
        ArgumentNullException.ThrowIfNull(hashes);
        StudyInstanceUid = studyInstanceUid;
        SeriesInstanceUid = seriesInstanceUid ?? string.Empty;
        SopInstanceUid = sopInstanceUid;
        Hashes = hashes;
        Name = name ?? string.Empty;
    }

    /// <summary>The study it belongs to.</summary>
    public string StudyInstanceUid { get; }

    /// <summary>Its series, or empty when unknown.</summary>
    public string SeriesInstanceUid { get; }

    /// <summary>Its SOP Instance UID.</summary>
    public string SopInstanceUid { get; }

    /// <summary>Its SOP Class UID (0008,0016), or empty when unknown.</summary>
    public string SopClassUid { get; init; } = string.Empty;

    /// <summary>Its chunk hashes.</summary>
    public InstanceHashes Hashes { get; }

    /// <summary>How messages name it.</summary>
    public string Name { get; }

    /// <summary>Its size in bytes.</summary>
    public long Length => Hashes.Length;
}
