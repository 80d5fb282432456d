namespace Handoff.Contracts.Receipts;

/// <summary>
/// Every receipt public key the cluster knows (one instance, key 0): facilities' keys registered here and keys
/// learned from peer networks with the receipts they sent back. Public keys only; no private key is ever here.
/// </summary>
public interface IReceiptKeyRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Registers a facility's key; registering the same key for the same facility again returns it unchanged. A key
    /// id held for another facility, or a facility past its key limit, is refused.
    /// </summary>
    Task<ReceiptKeyRecord> Register(ReceiptKeyRecord key);

    /// <summary>
    /// Keeps the keys that signed a receipt a peer network sent back (each under that network's name); known ids are
    /// left as they are, and a network past its allowance adds nothing.
    /// </summary>
    Task Learn(IReadOnlyList<ReceiptKeyRecord> keys);

    /// <summary>
    /// Keeps this cluster's countersigning key once it has signed, so its public key stays listed after the key is
    /// replaced and the receipts it signed stay verifiable.
    /// </summary>
    Task RecordClusterKey(ReceiptKeyRecord key);

    /// <summary>The key with this id; null when none.</summary>
    [ReadOnly]
    Task<ReceiptKeyRecord?> Find(string keyId);

    /// <summary>Whether the facility of this cluster registered any key (its acknowledgements must then be signed).</summary>
    [ReadOnly]
    Task<bool> HasKeys(string facilityId);

    /// <summary>Up to <paramref name="limit"/> keys after <paramref name="afterKeyId"/> (null from the start), in key id order.</summary>
    [ReadOnly]
    Task<ReceiptKeyPage> List(string? afterKeyId, int limit);
}

/// <summary>Limits of the key registry that callers check before asking.</summary>
public static class ReceiptKeyRegistryLimits
{
    /// <summary>The most keys one page lists.</summary>
    public const int MaxPageSize = 500;
}
