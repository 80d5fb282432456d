namespace Handoff.Grains.Audit;

/// <summary>
/// A run of audit segments of one size: segment <see cref="FirstSegment"/> + k holds the <see cref="Size"/> events
/// from sequence <see cref="FirstSequence"/> + k × <see cref="Size"/>. The last era of a log runs on; a new one starts
/// when the segment size changes, so the segments sealed before keep their numbers and sequences.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.grains.AuditSegmentEra")]
public sealed record AuditSegmentEra(
    [property: Id(0)] long FirstSegment,
    [property: Id(1)] long FirstSequence,
    [property: Id(2)] int Size);
