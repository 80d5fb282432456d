using Handoff.Contracts.Federation;

namespace Handoff.Grains.Federation;

/// <summary>The unfinished relays (one instance, key 0): what each silo's supervisor keeps running.</summary>
public sealed class RelayDirectoryGrain : Grain, IRelayDirectoryGrain
{
    private readonly IPersistentState<RelayDirectoryGrainState> _state;

    public RelayDirectoryGrain([PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<RelayDirectoryGrainState> state)
    {
        _state = state;
    }

    public async Task Add(Guid transferId)
    {
        if (_state.State.TransferIds.Add(transferId))
            await _state.WriteStateAsync();
    }

    public async Task Remove(Guid transferId)
    {
        if (_state.State.TransferIds.Remove(transferId))
            await _state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Guid>> List() => Task.FromResult<IReadOnlyList<Guid>>([.. _state.State.TransferIds]);
}

[GenerateSerializer, Alias("handoff.grains.RelayDirectoryGrainState")]
public sealed class RelayDirectoryGrainState
{
    [Id(0)]
    public HashSet<Guid> TransferIds { get; set; } = [];
}
