using Handoff.Contracts.Audit;
using Handoff.Contracts.Errors;

namespace Handoff.Grains.Audit;

/// <summary>
/// An append-only audit log keeping the newest ~100,000 events (key: facility id, or the operator log).
/// </summary>
/// <remarks>
/// Grain state is written whole, so one list of 100,000 events would rewrite megabytes for every audited access.
/// Instead the newest events live here and every <see cref="RecentCapacity"/> of them are sealed into a segment
/// grain; an append writes at most one segment and this grain's short list, and the oldest segment is dropped
/// once there are more than <see cref="MaxSegments"/>.
/// </remarks>
public sealed class AuditLogGrain : Grain, IAuditLogGrain
{
    internal const int RecentCapacity = 1000;
    internal const int MaxSegments = 99;

    private readonly IPersistentState<AuditLogGrainState> _state;

    public AuditLogGrain(
        [PersistentState(HandoffStorage.StateName, HandoffStorage.ProviderName)] IPersistentState<AuditLogGrainState> state)
    {
        _state = state;
    }

    private AuditLogGrainState State => _state.State;

    public async Task Append(IReadOnlyList<AuditEventRecord> events)
    {
        if (events is null)
            throw DomainException.Invalid("events is required");
        if (events.Count == 0)
            return;
        try
        {
            foreach (var auditEvent in events)
            {
                if (auditEvent is not null)
                    State.Recent.Add(auditEvent);
            }

            while (State.Recent.Count >= RecentCapacity)
            {
                // The segment is written before this grain forgets the events: a crash in between writes the same
                // segment number again on the next append, so nothing is lost or counted twice.
                await Segment(State.NextSegment).Write(State.Recent.GetRange(0, RecentCapacity).ToArray());
                State.Recent.RemoveRange(0, RecentCapacity);
                State.NextSegment++;
                if (State.NextSegment - State.FirstSegment > MaxSegments)
                {
                    await Segment(State.FirstSegment).Clear();
                    State.FirstSegment++;
                }
            }

            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory may hold events storage does not: drop the activation so the next call reloads what is stored.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<IReadOnlyList<AuditEventRecord>> List(int limit)
    {
        if (limit <= 0)
            return [];
        var newestFirst = new List<AuditEventRecord>(Math.Min(limit, RecentCapacity));
        AddNewestFirst(newestFirst, State.Recent, limit);
        for (var segment = State.NextSegment - 1; segment >= State.FirstSegment && newestFirst.Count < limit; segment--)
            AddNewestFirst(newestFirst, await Segment(segment).Read(), limit);
        return newestFirst;
    }

    private static void AddNewestFirst(List<AuditEventRecord> into, IReadOnlyList<AuditEventRecord> oldestFirst, int limit)
    {
        for (var i = oldestFirst.Count - 1; i >= 0 && into.Count < limit; i--)
            into.Add(oldestFirst[i]);
    }

    private IAuditLogSegmentGrain Segment(long number) =>
        GrainFactory.GetGrain<IAuditLogSegmentGrain>($"{this.GetPrimaryKeyString()}#{number}");
}
