namespace Handoff.Contracts.Audit;

/// <summary>An event as a log holds it: its sequence number in that log (0 for the first event, never reused) and the event.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AuditLogEntry")]
public sealed record AuditLogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditEventRecord Event);
