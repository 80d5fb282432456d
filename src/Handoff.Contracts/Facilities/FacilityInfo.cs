namespace Handoff.Contracts.Facilities;

[GenerateSerializer, Immutable, Alias("handoff.FacilityInfo")]
public sealed record FacilityInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string PatientIdIssuer,
    [property: Id(3)] bool Disabled,
    [property: Id(4)] DateTimeOffset CreatedAt);
