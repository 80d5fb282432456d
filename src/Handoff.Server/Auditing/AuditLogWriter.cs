using System.Collections.Concurrent;
using Handoff.Contracts.Audit;
using Handoff.Server.Sending;

namespace Handoff.Server.Auditing;

/// <summary>
/// Appends audit events to the log grains through one group commit per log: the events of calls that end together
/// reach a log in one grain call and one state write, so a burst of thousands of audited calls writes each log dozens
/// of times instead of thousands (where each write queued behind the others in the non-reentrant log grain until
/// they timed out). With no load an event goes alone, at once. An event is durable when its task completes.
/// </summary>
public sealed class AuditLogWriter
{
    private readonly IGrainFactory _grains;
    private readonly TimeSpan _linger;
    private readonly int _fullBatch;
    private readonly ConcurrentDictionary<string, GroupCommit<AuditEventRecord, bool>> _logs = new(StringComparer.Ordinal);

    /// <param name="grains">Where the log grains are.</param>
    /// <param name="linger">How long a commit waits for company (see <see cref="GroupCommit{TItem, TResult}"/>): none when a caller waits for it.</param>
    /// <param name="fullBatch">A batch this large is committed without lingering.</param>
    public AuditLogWriter(IGrainFactory grains, TimeSpan linger = default, int fullBatch = int.MaxValue)
    {
        _grains = grains;
        _linger = linger;
        _fullBatch = fullBatch;
    }

    /// <summary>Appends <paramref name="record"/> to <paramref name="log"/>. Not cancellable: the event of a cancelled call is written too.</summary>
    public Task WriteAsync(string log, AuditEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(record);
        return _logs.GetOrAdd(log, CreateCommit).SubmitAsync(record, CancellationToken.None);
    }

    private GroupCommit<AuditEventRecord, bool> CreateCommit(string log)
    {
        var grain = _grains.GetGrain<IAuditLogGrain>(log);
        return new GroupCommit<AuditEventRecord, bool>(async batch =>
        {
            await grain.Append(batch);
            return new bool[batch.Count];
        }, _linger, _fullBatch);
    }
}
