namespace Handoff.Contracts.Studies;

/// <summary>
/// Instances declared for a study. Declaring is idempotent by content, so the command carries no request id
/// (field 0 held one; the remaining ids are kept so that silos of the previous version still read it).
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.DeclareStudyCommand")]
public sealed record DeclareStudyCommand(
    [property: Id(1)] int ChunkSize,
    [property: Id(2)] IReadOnlyList<InstanceDeclaration> Instances)
{
    /// <summary>Instances of the study a PACS reported (C-FIND); null when the sender did not say.</summary>
    [Id(3)]
    public int? ExpectedInstances { get; init; }

    /// <summary>Instances per series a PACS reported, by Series Instance UID; null when the sender did not say.</summary>
    [Id(4)]
    public IReadOnlyDictionary<string, int>? ExpectedSeries { get; init; }
}
