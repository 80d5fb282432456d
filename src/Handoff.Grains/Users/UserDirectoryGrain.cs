using Handoff.Contracts.Users;

namespace Handoff.Grains.Users;

/// <summary>
/// Username → facility for every user in the cluster (key 0). A facility claims a name here before it stores the
/// user, so a user that failed to store leaves only a claim its own facility can take again.
/// </summary>
public sealed class UserDirectoryGrain : Grain, IUserDirectoryGrain
{
    private readonly IPersistentState<UserDirectoryGrainState> _state;

    public UserDirectoryGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<UserDirectoryGrainState> state)
    {
        _state = state;
    }

    public async Task<bool> Claim(string username, string facilityId)
    {
        var name = UserNames.Normalize(username);
        ArgumentException.ThrowIfNullOrEmpty(facilityId);
        var owners = _state.State.FacilityByUsername;
        if (owners.TryGetValue(name, out var owner))
            return string.Equals(owner, facilityId, StringComparison.Ordinal);
        owners[name] = facilityId;
        await _state.WriteOrReloadAsync(this);
        return true;
    }

    public Task<string?> FacilityOf(string username) =>
        Task.FromResult(_state.State.FacilityByUsername.GetValueOrDefault(UserNames.Key(username)));
}

[GenerateSerializer, Alias("handoff.grains.UserDirectoryGrainState")]
public sealed class UserDirectoryGrainState
{
    [Id(0)]
    public Dictionary<string, string> FacilityByUsername { get; set; } = new(StringComparer.Ordinal);
}
