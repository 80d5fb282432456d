namespace Handoff.Contracts.Audit;

/// <summary>
/// One page of an audit log, newest first. <see cref="HasMore"/>: older events match the query too; ask again with
/// the last entry's sequence as <see cref="AuditQuery.BeforeSequence"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditLogEntry> Entries,
    [property: Id(1)] bool HasMore)
{
    public static AuditPage Empty { get; } = new([], false);

    /// <summary>
    /// Where the next page starts (its <see cref="AuditQuery.BeforeSequence"/>) when the read stopped before filling
    /// this one (a filter that matches little read its share of the log); null: after the last entry.
    /// </summary>
    [Id(2)]
    public long? ResumeBefore { get; init; }
}
