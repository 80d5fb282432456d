namespace Handoff.Contracts.Studies;

/// <summary>Why an instance was refused: not DICOM, another study's instance, and so on. Never patient data.</summary>
[GenerateSerializer, Immutable, Alias("handoff.InstanceProblem")]
public sealed record InstanceProblem(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string SourceName,
    [property: Id(2)] string Reason);
