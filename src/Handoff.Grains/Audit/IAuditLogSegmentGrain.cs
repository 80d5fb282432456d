using Handoff.Contracts.Audit;
using Orleans.Concurrency;

namespace Handoff.Grains.Audit;

/// <summary>
/// A sealed block of an audit log's older events (key "{log}#{number}"). Only <see cref="AuditLogGrain"/> uses it:
/// splitting the log keeps each append's write to the recent events instead of the whole log. Never deleted.
/// </summary>
public interface IAuditLogSegmentGrain : IGrainWithStringKey
{
    /// <summary>Stores the block, replacing what the segment held (a retried flush writes the same block again).</summary>
    Task Write(AuditBlock block);

    /// <summary>The block, oldest first, with its chain hashes.</summary>
    [ReadOnly]
    Task<AuditBlock> Read();

    /// <summary>The block's earliest and latest event time: a time-range query's binary search reads only these.</summary>
    [ReadOnly]
    Task<AuditTimeBounds> Bounds();
}
