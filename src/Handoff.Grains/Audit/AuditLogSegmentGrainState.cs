using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>One sealed block of audit events, oldest first; written once when the log seals it, never appended to.</summary>
[GenerateSerializer, Alias("handoff.grains.AuditLogSegmentGrainState")]
public sealed class AuditLogSegmentGrainState
{
    [Id(0)]
    public List<AuditEventRecord> Events { get; set; } = [];

    /// <summary>Each event's chain hash (empty text for events from before the chain); empty in segments sealed before it.</summary>
    [Id(1)]
    public List<string> Hashes { get; set; } = [];

    /// <summary>The hash the segment's first event commits to.</summary>
    [Id(2)]
    public string PreviousHash { get; set; } = string.Empty;
}
