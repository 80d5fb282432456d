using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>One sealed block of audit events, oldest first; written once when the log seals it, never appended to.</summary>
[GenerateSerializer, Alias("handoff.grains.AuditLogSegmentGrainState")]
public sealed class AuditLogSegmentGrainState
{
    [Id(0)]
    public List<AuditEventRecord> Events { get; set; } = [];
}
