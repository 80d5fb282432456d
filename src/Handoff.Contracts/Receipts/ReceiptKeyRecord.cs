namespace Handoff.Contracts.Receipts;

/// <summary>Whose a receipt key is.</summary>
public enum ReceiptKeyKind
{
    /// <summary>A facility's: signs what it confirmed.</summary>
    Facility = 1,

    /// <summary>A cluster's: countersigns receipts.</summary>
    Cluster = 2,
}

/// <summary>A registered receipt public key.</summary>
/// <param name="KeyId">Its RFC 7638 thumbprint (the JWS "kid").</param>
/// <param name="Kind">Facility or cluster.</param>
/// <param name="FacilityId">The facility it signs for; empty for a cluster key.</param>
/// <param name="Network">Empty for this cluster's keys; the peer network a learned key came from.</param>
/// <param name="PublicKey">DER SubjectPublicKeyInfo (EC P-256).</param>
/// <param name="RegisteredAt">When it was registered (or learned).</param>
/// <param name="RegisteredBy">Who registered it (an actor, or "relay:PEER").</param>
[GenerateSerializer, Immutable, Alias("handoff.ReceiptKeyRecord")]
public sealed record ReceiptKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] ReceiptKeyKind Kind,
    [property: Id(2)] string FacilityId,
    [property: Id(3)] string Network,
    [property: Id(4)] byte[] PublicKey,
    [property: Id(5)] DateTimeOffset RegisteredAt,
    [property: Id(6)] string RegisteredBy);

/// <summary>A page of registered keys, in key id order.</summary>
/// <param name="Keys">The keys.</param>
/// <param name="NextAfter">The key id to continue after; null at the end.</param>
[GenerateSerializer, Immutable, Alias("handoff.ReceiptKeyPage")]
public sealed record ReceiptKeyPage([property: Id(0)] IReadOnlyList<ReceiptKeyRecord> Keys, [property: Id(1)] string? NextAfter);

/// <summary>
/// A transfer's signed receipt as stored with its acknowledgement: the destination's compact JWS exactly as signed,
/// the countersignatures (innermost first), and the receipt hash the signed content states.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.SignedReceiptRecord")]
public sealed record SignedReceiptRecord(
    [property: Id(0)] string Receipt,
    [property: Id(1)] IReadOnlyList<string> Countersignatures,
    [property: Id(2)] string ReceiptHash,
    [property: Id(3)] string KeyId);
