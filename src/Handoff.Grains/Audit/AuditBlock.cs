using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// A block of an audit log as stored: its events oldest first, their chain hashes (parallel; shorter, or empty text,
/// for events from before the chain) and the hash the first event commits to.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.grains.AuditBlock")]
public sealed record AuditBlock(
    [property: Id(0)] IReadOnlyList<AuditEventRecord> Events,
    [property: Id(1)] IReadOnlyList<string> Hashes,
    [property: Id(2)] string PreviousHash)
{
    public static AuditBlock Legacy(IReadOnlyList<AuditEventRecord> events) => new(events, [], string.Empty);

    /// <summary>The hash of the event at <paramref name="index"/>; empty when it has none.</summary>
    public string HashAt(int index) => index < Hashes.Count ? Hashes[index] : string.Empty;

    /// <summary>The hash the event at <paramref name="index"/> commits to.</summary>
    public string PreviousAt(int index) => index == 0 ? PreviousHash : HashAt(index - 1);
}
