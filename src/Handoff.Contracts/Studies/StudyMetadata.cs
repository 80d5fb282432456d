namespace Handoff.Contracts.Studies;

/// <summary>Study-level attributes indexed from the first verified instance. Patient data: never log it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.StudyMetadata")]
public sealed record StudyMetadata(
    [property: Id(0)] string PatientName,
    [property: Id(1)] string PatientId,
    [property: Id(2)] string IssuerOfPatientId,
    [property: Id(3)] string PatientBirthDate,
    [property: Id(4)] string AccessionNumber,
    [property: Id(5)] string StudyDate,
    [property: Id(6)] string StudyDescription);
