namespace Handoff.Contracts.Studies;

/// <summary>
/// After a declaration: the distinct chunk hashes of instances that are not complete yet (the server checks which
/// of them its chunk store lacks), and the study's status.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.DeclareStudyResult")]
public sealed record DeclareStudyResult(
    [property: Id(0)] IReadOnlyList<string> OutstandingChunkHashes,
    [property: Id(1)] StudyStatusRecord Status);
