namespace Handoff.Contracts.Facilities;

[GenerateSerializer, Immutable, Alias("handoff.FacilityRegistration")]
public sealed record FacilityRegistration(
    [property: Id(0)] string FacilityId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string PatientIdIssuer);
