using Handoff.Contracts.Transfers;

namespace Handoff.Grains;

/// <summary>
/// Reading a log of events whose sequences are contiguous (a transfer's timeline, a facility's inbox log), so the
/// events after a sequence are found by arithmetic instead of a search.
/// </summary>
internal static class EventLog
{
    /// <summary>
    /// The events after <paramref name="afterSequence"/> up to and including <paramref name="durableThrough"/>: events
    /// appended but not yet written to storage stay invisible, so a watcher never sees an event that a failed write
    /// then loses. A sequence older than the log's oldest kept event returns everything kept.
    /// </summary>
    public static IReadOnlyList<TransferEventRecord> After(List<TransferEventRecord> log, long afterSequence, long durableThrough)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Count == 0)
            return [];
        var first = log[0].Sequence;
        var start = (int)Math.Clamp(afterSequence - first + 1, 0, log.Count);
        var end = (int)Math.Clamp(durableThrough - first + 1, 0, log.Count);
        return end > start ? log.GetRange(start, end - start).ToArray() : [];
    }

    public static long LastSequence(List<TransferEventRecord> log) => log.Count == 0 ? 0 : log[^1].Sequence;
}
