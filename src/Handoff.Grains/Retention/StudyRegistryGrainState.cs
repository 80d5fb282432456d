namespace Handoff.Grains.Retention;

/// <summary>The Study Instance UIDs held for one facility, kept sorted (ordinal) so adding and removing need no scan.</summary>
[GenerateSerializer, Alias("handoff.grains.StudyRegistryGrainState")]
public sealed class StudyRegistryGrainState
{
    [Id(0)]
    public List<string> StudyInstanceUids { get; set; } = [];
}
