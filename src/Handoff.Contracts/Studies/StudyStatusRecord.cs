namespace Handoff.Contracts.Studies;

[GenerateSerializer, Immutable, Alias("handoff.StudyStatusRecord")]
public sealed record StudyStatusRecord(
    [property: Id(0)] string StudyInstanceUid,
    [property: Id(1)] StudyState State,
    [property: Id(2)] int InstancesDeclared,
    [property: Id(3)] int InstancesComplete,
    [property: Id(4)] long BytesDeclared,
    [property: Id(5)] long BytesComplete,
    [property: Id(6)] int SeriesCount,
    [property: Id(7)] IReadOnlyList<InstanceProblem> Problems);
