namespace Handoff.Grains.Audit;

/// <summary>
/// Where an audit log's events are: which segment holds a sequence number and which sequence a segment starts with,
/// from the log's <see cref="AuditSegmentEra"/>s (one or two in practice, so lookups are O(1)). Segments below the
/// log's first era's start do not exist; sequences at and after <see cref="AuditLogGrainState.NextSegment"/>'s first
/// are in the log's recent list.
/// </summary>
internal static class AuditSegmentLayout
{
    /// <summary>The segment size of logs written before eras were recorded (their state has none).</summary>
    public const int LegacySegmentSize = 1000;

    /// <summary>
    /// Makes the state's eras describe it with new segments of <paramref name="segmentSize"/>: a log from before eras
    /// gets the legacy era it was written with, and a size different from the last era's starts a new era at the
    /// next segment. Deterministic, so a change not yet written is made the same way on the next activation.
    /// </summary>
    public static void Upgrade(AuditLogGrainState state, int segmentSize)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        var eras = state.Eras;
        if (eras.Count == 0 && state.NextSegment > 0)
            eras.Add(new AuditSegmentEra(0, 0, LegacySegmentSize));
        if (eras.Count > 0 && eras[^1].Size == segmentSize)
            return;
        if (eras.Count > 0 && eras[^1].FirstSegment == state.NextSegment)
            eras.RemoveAt(eras.Count - 1); // an era without a sealed segment yet: replaced, not kept empty
        var firstSequence = eras.Count == 0 ? 0 : FirstSequenceOf(eras, state.NextSegment);
        eras.Add(new AuditSegmentEra(state.NextSegment, firstSequence, segmentSize));
    }

    /// <summary>The sequence number of the first event of <paramref name="segment"/> (or of the recent list, given NextSegment).</summary>
    public static long FirstSequenceOf(IReadOnlyList<AuditSegmentEra> eras, long segment)
    {
        var era = EraOfSegment(eras, segment);
        return era.FirstSequence + ((segment - era.FirstSegment) * era.Size);
    }

    /// <summary>The segment whose events include <paramref name="sequence"/>.</summary>
    public static long SegmentOf(IReadOnlyList<AuditSegmentEra> eras, long sequence)
    {
        ArgumentNullException.ThrowIfNull(eras);
        for (var i = eras.Count - 1; i >= 0; i--)
        {
            if (eras[i].FirstSequence <= sequence)
                return eras[i].FirstSegment + ((sequence - eras[i].FirstSequence) / eras[i].Size);
        }
        throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "before the log's first segment");
    }

    /// <summary>How many events a sealed segment holds (the size of new segments, for the next one).</summary>
    public static int SizeOf(IReadOnlyList<AuditSegmentEra> eras, long segment) => EraOfSegment(eras, segment).Size;

    private static AuditSegmentEra EraOfSegment(IReadOnlyList<AuditSegmentEra> eras, long segment)
    {
        ArgumentNullException.ThrowIfNull(eras);
        for (var i = eras.Count - 1; i >= 0; i--)
        {
            if (eras[i].FirstSegment <= segment)
                return eras[i];
        }
        throw new ArgumentOutOfRangeException(nameof(segment), segment, "before the log's first segment");
    }
}
