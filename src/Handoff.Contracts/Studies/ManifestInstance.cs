namespace Handoff.Contracts.Studies;

[GenerateSerializer, Immutable, Alias("handoff.ManifestInstance")]
public sealed record ManifestInstance(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string SopClassUid,
    [property: Id(2)] string SeriesInstanceUid,
    [property: Id(3)] long Size,
    [property: Id(4)] IReadOnlyList<string> ChunkHashes,
    [property: Id(5)] string ContentHash,
    [property: Id(6)] bool Available,
    [property: Id(7)] int InstanceNumber);
