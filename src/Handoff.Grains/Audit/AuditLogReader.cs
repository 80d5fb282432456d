using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// Reads one page of an audit log, newest first, touching only the blocks the page needs. Paging goes by sequence
/// number (a block is found by arithmetic). A time range does not read the whole log: blocks are appended in time
/// order, so the newest block that can hold an event before <see cref="AuditQuery.Until"/> is found by a binary search
/// over the blocks' time bounds (O(log n) segment reads), and the scan stops at the first block wholly before
/// <see cref="AuditQuery.Since"/>. Both allow <see cref="ClockTolerance"/> of disorder between neighbouring events.
/// </summary>
internal static class AuditLogReader
{
    /// <summary>
    /// How far an event's time may be out of append order. Events are stamped by the silo that served the call (clocks
    /// of silos differ a little), wait in a group commit, and an event whose first write failed is appended by a
    /// background retry for up to two minutes (the server's audit retry window). A time range still finds events
    /// disordered by more, when paging reaches them, but may miss them otherwise.
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Events one query looks at, at most: a filter that matches little ends its page early (with where to resume)
    /// rather than reading the whole log in one grain call, while appends of the facility's calls wait.
    /// </summary>
    public const int MaxScannedEvents = 20_000;

    public static async Task<AuditPage> ReadAsync(IAuditLogBlocks blocks, AuditQuery query, int limit)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(query);
        var upper = Math.Min(query.BeforeSequence ?? long.MaxValue, blocks.NextSequence); // exclusive
        if (limit <= 0 || upper <= blocks.FirstSequenceOf(blocks.FirstBlock))
            return AuditPage.Empty;
        var block = blocks.BlockOf(upper - 1);
        if (query.Until is { } until)
        {
            var newest = await NewestBlockStartingBeforeAsync(blocks, block, Later(until));
            if (newest is null)
                return AuditPage.Empty;
            block = newest.Value;
        }

        var entries = new List<AuditLogEntry>(Math.Min(limit, 1024));
        var scanned = 0;
        for (; block >= blocks.FirstBlock; block--)
        {
            var stored = await blocks.ReadAsync(block);
            var events = stored.Events;
            var first = blocks.FirstSequenceOf(block);
            for (var i = (int)Math.Min(events.Count, upper - first) - 1; i >= 0; i--)
            {
                if (++scanned > MaxScannedEvents)
                    return new AuditPage(entries, HasMore: true) { ResumeBefore = first + i + 1 };
                if (!Selects(query, events[i].At) || !Matches(query, events[i]))
                    continue;
                if (entries.Count == limit)
                    return new AuditPage(entries, HasMore: true);
                entries.Add(new AuditLogEntry(first + i, events[i]) { Hash = stored.HashAt(i), PreviousHash = stored.PreviousAt(i) });
            }
            // Every older block is before this one's latest event, give or take the tolerance: none can be in range.
            if (query.Since is { } since && events.Count > 0 && AuditTimeBounds.Of(events).Latest < Earlier(since))
                break;
        }
        return new AuditPage(entries, HasMore: false);
    }

    private static bool Matches(AuditQuery query, AuditEventRecord record) =>
        (query.IncludeCheckpoints || !string.Equals(record.Action, AuditChain.CheckpointAction, StringComparison.Ordinal))
        && (query.Actor is not { } actor || string.Equals(record.Actor, actor, StringComparison.Ordinal))
        && (query.ObjectIds is not { Count: > 0 } ids || ids.Contains(record.ObjectId, StringComparer.Ordinal));

    private static DateTimeOffset Later(DateTimeOffset at) =>
        at > DateTimeOffset.MaxValue - ClockTolerance ? DateTimeOffset.MaxValue : at + ClockTolerance;

    private static DateTimeOffset Earlier(DateTimeOffset at) =>
        at < DateTimeOffset.MinValue + ClockTolerance ? DateTimeOffset.MinValue : at - ClockTolerance;

    private static bool Selects(AuditQuery query, DateTimeOffset at) =>
        (query.Since is not { } since || at >= since) && (query.Until is not { } until || at < until);

    /// <summary>
    /// The newest block at or below <paramref name="top"/> whose earliest event is before <paramref name="threshold"/>;
    /// null when there is none. With disorder within the tolerance, every block holding an event before the query's
    /// end is at or below it: all blocks up to such a block start before the threshold, so "starts before" holds on a
    /// prefix of the blocks that the search never steps back over.
    /// </summary>
    private static async Task<long?> NewestBlockStartingBeforeAsync(IAuditLogBlocks blocks, long top, DateTimeOffset threshold)
    {
        if (await StartsBefore(blocks, top, threshold))
            return top;
        var (low, high) = (blocks.FirstBlock, top); // invariant: low starts before, high does not
        if (low == high || !await StartsBefore(blocks, low, threshold))
            return null;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (await StartsBefore(blocks, middle, threshold))
                low = middle;
            else
                high = middle;
        }
        return low;
    }

    private static async Task<bool> StartsBefore(IAuditLogBlocks blocks, long block, DateTimeOffset threshold) =>
        (await blocks.BoundsAsync(block)).Earliest < threshold;
}
