namespace Handoff.Grains.Facilities;

/// <summary>The registered facility ids, kept sorted (ordinal) so listing needs no work.</summary>
[GenerateSerializer, Alias("handoff.grains.FacilityDirectoryGrainState")]
public sealed class FacilityDirectoryGrainState
{
    [Id(0)]
    public List<string> FacilityIds { get; set; } = [];
}
