namespace Handoff.Contracts.Studies;

/// <summary>
/// Every chunk hash a study declares, with the length its chunk must have (<see cref="Lengths"/>[i] for
/// <see cref="Hashes"/>[i]), as of one state of the study (<see cref="Epoch"/> and <see cref="Version"/>).
/// <see cref="Unchanged"/> answers a caller that already holds that state: the arrays are then empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.DeclaredChunks")]
public sealed record DeclaredChunks(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<string> Hashes,
    [property: Id(3)] IReadOnlyList<int> Lengths,
    [property: Id(4)] bool Unchanged = false);
