namespace Handoff.Contracts.Transfers;

/// <summary>An instance as the destination's PACS was given it, when that differs from the bytes as sent: its SHA-256 (lowercase hex).</summary>
[GenerateSerializer, Immutable, Alias("handoff.DeliveredInstanceRecord")]
public sealed record DeliveredInstanceRecord(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string Sha256);
