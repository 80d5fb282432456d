using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// The recent end of an audit log, plus which sealed segments hold the older events: segments numbered
/// <see cref="FirstSegment"/> up to (not including) <see cref="NextSegment"/>, oldest first, laid out by <see cref="Eras"/>.
/// </summary>
[GenerateSerializer, Alias("handoff.grains.AuditLogGrainState")]
public sealed class AuditLogGrainState
{
    /// <summary>The newest events not sealed into a segment yet, oldest first.</summary>
    [Id(0)]
    public List<AuditEventRecord> Recent { get; set; } = [];

    /// <summary>0, except in logs that earlier versions truncated (they deleted the segments below this one).</summary>
    [Id(1)]
    public long FirstSegment { get; set; }

    [Id(2)]
    public long NextSegment { get; set; }

    /// <summary>Segment sizes by segment number (see <see cref="AuditSegmentLayout"/>); empty in logs written before eras.</summary>
    [Id(3)]
    public List<AuditSegmentEra> Eras { get; set; } = [];
}
