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
    [property: Id(6)] string StudyDescription)
{
    // Indexed since DICOMweb search (QIDO-RS) returns them. State written before has none: read as null, so readers
    // of these treat null as empty.
    [Id(7)]
    public string? PatientSex { get; init; }

    [Id(8)]
    public string? StudyTime { get; init; }

    [Id(9)]
    public string? StudyId { get; init; }

    [Id(10)]
    public string? ReferringPhysicianName { get; init; }
}
