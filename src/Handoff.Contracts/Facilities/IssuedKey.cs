namespace Handoff.Contracts.Facilities;

/// <summary>A facility and its new API key: the only time the key exists outside the caller.</summary>
[GenerateSerializer, Immutable, Alias("handoff.IssuedKey")]
public sealed record IssuedKey(
    [property: Id(0)] FacilityInfo Facility,
    [property: Id(1)] string ApiKey);
