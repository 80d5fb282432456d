namespace Handoff.Contracts.Studies;

[GenerateSerializer, Immutable, Alias("handoff.DeclareStudyCommand")]
public sealed record DeclareStudyCommand(
    [property: Id(0)] string RequestId,
    [property: Id(1)] int ChunkSize,
    [property: Id(2)] IReadOnlyList<InstanceDeclaration> Instances);
