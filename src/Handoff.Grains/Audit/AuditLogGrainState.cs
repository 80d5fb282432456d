using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// The recent end of an audit log, plus which sealed segments hold the older events: segments numbered
/// <see cref="FirstSegment"/> up to (not including) <see cref="NextSegment"/>, oldest first.
/// </summary>
[GenerateSerializer, Alias("handoff.grains.AuditLogGrainState")]
public sealed class AuditLogGrainState
{
    /// <summary>The newest events not sealed into a segment yet, oldest first.</summary>
    [Id(0)]
    public List<AuditEventRecord> Recent { get; set; } = [];

    [Id(1)]
    public long FirstSegment { get; set; }

    [Id(2)]
    public long NextSegment { get; set; }
}
