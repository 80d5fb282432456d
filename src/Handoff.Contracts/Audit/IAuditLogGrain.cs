namespace Handoff.Contracts.Audit;

/// <summary>
/// An append-only audit log, one per facility (key: facility id) and one for the operator (key:
/// <see cref="OperatorLog"/>) that receives every event.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    public const string OperatorLog = "_operator";

    Task Append(IReadOnlyList<AuditEventRecord> events);

    /// <summary>The newest events first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AuditEventRecord>> List(int limit);
}
