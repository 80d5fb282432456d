namespace Handoff.Contracts.Studies;

/// <summary>
/// One instance as the sender declares it: its size and the SHA-256 of each chunk, as lowercase hex.
/// <paramref name="SourceName"/> is where the client found it (a relative path), for messages only.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.InstanceDeclaration")]
public sealed record InstanceDeclaration(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] long Size,
    [property: Id(2)] IReadOnlyList<string> ChunkHashes,
    [property: Id(3)] string SourceName)
{
    /// <summary>The series the sender says it belongs to; null when it did not say. Verification's header wins.</summary>
    [Id(4)]
    public string? SeriesInstanceUid { get; init; }
}
