namespace Handoff.Contracts.Transfers;

/// <summary>Accepted when every instance of the transfer was confirmed with its content hash; otherwise what differs.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AcknowledgeResult")]
public sealed record AcknowledgeResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] TransferRecord Transfer,
    [property: Id(2)] IReadOnlyList<InstanceKey> Mismatched,
    [property: Id(3)] IReadOnlyList<InstanceKey> Missing,
    [property: Id(4)] IReadOnlyList<InstanceKey> Unexpected);
