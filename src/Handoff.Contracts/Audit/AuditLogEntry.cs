namespace Handoff.Contracts.Audit;

/// <summary>An event as a log holds it: its sequence number in that log (0 for the first event, never reused) and the event.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AuditLogEntry")]
public sealed record AuditLogEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditEventRecord Event)
{
    /// <summary>The event's link in the log's hash chain (<see cref="AuditChain"/>); empty for events from before the chain.</summary>
    [Id(2)]
    public string Hash { get; init; } = string.Empty;

    /// <summary>The hash this event commits to: the previous event's, or the log's genesis value for the first chained event.</summary>
    [Id(3)]
    public string PreviousHash { get; init; } = string.Empty;
}
