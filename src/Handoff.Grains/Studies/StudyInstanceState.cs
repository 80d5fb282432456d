namespace Handoff.Grains.Studies;

/// <summary>One declared instance: its size and chunks, which chunks are known to be stored, and once verified its
/// content hash and where it sits in the study.</summary>
[GenerateSerializer, Alias("handoff.grains.StudyInstanceState")]
public sealed class StudyInstanceState
{
    [Id(0)]
    public string SopInstanceUid { get; set; } = "";

    [Id(1)]
    public long Size { get; set; }

    /// <summary>Lowercase hex SHA-256 per chunk, in order. Never changed after declaration.</summary>
    [Id(2)]
    public string[] ChunkHashes { get; set; } = [];

    /// <summary>Where the sender found it (a relative path), for messages only.</summary>
    [Id(3)]
    public string SourceName { get; set; } = "";

    /// <summary>
    /// Which chunk positions are known to be in the chunk store. Persisted only as a by-product of other writes,
    /// so after a restart it can lag behind the store; the server re-checks the store on the next declaration and
    /// reports what is there, which is what makes skipping a write per stored chunk safe.
    /// </summary>
    [Id(4)]
    public bool[] StoredChunks { get; set; } = [];

    [Id(5)]
    public bool Verified { get; set; }

    /// <summary>SHA-256 over the raw chunk hashes in order, lowercase hex; empty until verified.</summary>
    [Id(6)]
    public string ContentHash { get; set; } = "";

    [Id(7)]
    public string SeriesInstanceUid { get; set; } = "";

    [Id(8)]
    public string SopClassUid { get; set; } = "";

    [Id(9)]
    public int InstanceNumber { get; set; }

    /// <summary>Slice Thickness (0018,0050) in mm from the verified header; null when it has none. Completeness rules read it.</summary>
    [Id(10)]
    public double? SliceThickness { get; set; }

    /// <summary>How many entries of <see cref="StoredChunks"/> are set: counted on activation, kept in memory only.</summary>
    [NonSerialized]
    internal int StoredCount;

    internal bool FullyStored => StoredCount == ChunkHashes.Length;
}
