namespace Handoff.Contracts.Studies;

/// <summary>
/// Which of some chunk hashes a study cannot serve (no verified instance of it holds them), and the study's chunk
/// size: what a download request is checked against, without copying the study's manifest.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.ChunkAvailability")]
public sealed record ChunkAvailability(
    [property: Id(0)] IReadOnlyList<string> Unavailable,
    [property: Id(1)] int ChunkSize);
