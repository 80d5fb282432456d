namespace Handoff.Contracts.Audit;

/// <summary>
/// An append-only audit log, one per facility (key: facility id) and one for the operator (key:
/// <see cref="OperatorLog"/>) that receives every event. Nothing is ever removed from it.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    public const string OperatorLog = "_operator";

    /// <summary>The most events one <see cref="Query"/> returns.</summary>
    public const int MaxQueryLimit = 10_000;

    /// <summary>Appends the events in order, each with the next sequence number; durable when the task completes.</summary>
    Task Append(IReadOnlyList<AuditEventRecord> events);

    /// <summary>The newest events first, at most <paramref name="limit"/> (no upper bound: for tests and tools).</summary>
    [ReadOnly]
    Task<IReadOnlyList<AuditEventRecord>> List(int limit);

    /// <summary>One page of the events the query selects, newest first, at most <see cref="MaxQueryLimit"/>.</summary>
    [ReadOnly]
    Task<AuditPage> Query(AuditQuery query);
}
