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

    public async Task Write(IReadOnlyList<AuditEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _state.State.Events = [.. events];
        await _state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AuditEventRecord>> Read() =>
        Task.FromResult<IReadOnlyList<AuditEventRecord>>(_state.State.Events.ToArray());

    public async Task Clear()
    {
        await _state.ClearStateAsync();
        // A cleared segment is never read or written again; no reason to keep it in memory.
        DeactivateOnIdle();
    }
}
