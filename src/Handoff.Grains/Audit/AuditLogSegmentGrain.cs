using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>Holds one sealed block of an audit log. See <see cref="IAuditLogSegmentGrain"/>.</summary>
public sealed class AuditLogSegmentGrain : Grain, IAuditLogSegmentGrain
{
    private readonly IPersistentState<AuditLogSegmentGrainState> _state;

    public AuditLogSegmentGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<AuditLogSegmentGrainState> state)
    {
        _state = state;
    }

    public async Task Write(AuditBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _state.State.Events = [.. block.Events];
        _state.State.Hashes = [.. block.Hashes];
        _state.State.PreviousHash = block.PreviousHash;
        await _state.WriteStateAsync();
    }

    public Task<AuditBlock> Read() =>
        Task.FromResult(new AuditBlock(_state.State.Events.ToArray(), _state.State.Hashes.ToArray(), _state.State.PreviousHash));

    public Task<AuditTimeBounds> Bounds() => Task.FromResult(AuditTimeBounds.Of(_state.State.Events));
}
