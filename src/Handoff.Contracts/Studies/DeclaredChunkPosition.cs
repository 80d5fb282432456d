namespace Handoff.Contracts.Studies;

/// <summary>Where a chunk hash sits in a study: the instance, the chunk's position in it, and the length that position requires.</summary>
[GenerateSerializer, Immutable, Alias("handoff.DeclaredChunkPosition")]
public sealed record DeclaredChunkPosition(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string SourceName,
    [property: Id(2)] int Index,
    [property: Id(3)] int Length);
