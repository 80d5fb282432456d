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

    public Task<AuditTimeBounds> Bounds() => Task.FromResult(AuditTimeBounds.Of(_state.State.Events));
}
