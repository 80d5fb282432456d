namespace Handoff.Contracts.Studies;

/// <summary>
/// Everything a destination needs to pull a study: metadata (null until an instance is verified), series, and
/// every declared instance with its chunk hashes and, once available, its content hash.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.StudyManifest")]
public sealed record StudyManifest(
    [property: Id(0)] string StudyInstanceUid,
    [property: Id(1)] StudyStatusRecord Status,
    [property: Id(2)] StudyMetadata? Metadata,
    [property: Id(3)] IReadOnlyList<ManifestSeries> Series,
    [property: Id(4)] IReadOnlyList<ManifestInstance> Instances,
    [property: Id(5)] int ChunkSize);
