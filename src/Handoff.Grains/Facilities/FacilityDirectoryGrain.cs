using Handoff.Contracts.Facilities;

namespace Handoff.Grains.Facilities;

/// <summary>
/// Every registered facility id (one instance, key 0), so the operator can list facilities without a scan of
/// grain storage. A facility adds itself before it stores its own registration, so an id listed here whose
/// <see cref="IFacilityGrain.GetInfo"/> is null is a registration that failed halfway: listings skip it.
/// </summary>
public sealed class FacilityDirectoryGrain : Grain, IFacilityDirectoryGrain
{
    private readonly IPersistentState<FacilityDirectoryGrainState> _state;

    public FacilityDirectoryGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<FacilityDirectoryGrainState> state)
    {
        _state = state;
    }

    public async Task Add(string facilityId)
    {
        FacilityIds.Validate(facilityId);
        var ids = _state.State.FacilityIds;
        var index = ids.BinarySearch(facilityId, StringComparer.Ordinal);
        if (index >= 0)
            return;
        ids.Insert(~index, facilityId);
        await _state.WriteOrReloadAsync(this); // a failed write drops the unsaved insert with the activation
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(_state.State.FacilityIds.ToArray());
}
