namespace Handoff.Contracts.Facilities;

/// <summary>The list of registered facility ids (one instance, key 0), so the operator can list them.</summary>
public interface IFacilityDirectoryGrain : IGrainWithIntegerKey
{
    Task Add(string facilityId);

    [ReadOnly]
    Task<IReadOnlyList<string>> List();
}
