namespace Handoff.Contracts.Studies;

/// <summary>An instance whose chunks are all stored but whose header has not been checked yet.</summary>
[GenerateSerializer, Immutable, Alias("handoff.PendingInstance")]
public sealed record PendingInstance(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] long Size,
    [property: Id(2)] IReadOnlyList<string> ChunkHashes,
    [property: Id(3)] string SourceName);
