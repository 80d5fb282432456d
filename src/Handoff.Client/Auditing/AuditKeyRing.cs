using System.Security.Cryptography;

namespace Handoff.Client.Auditing;

/// <summary>
/// The public keys checkpoints are checked against, by key id. The id is computed here from each key (the first 16
/// hex characters of SHA-256 over its SubjectPublicKeyInfo), never taken from whoever supplied the key.
/// </summary>
internal sealed class AuditKeyRing : IDisposable
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    public static AuditKeyRing FromPems(IEnumerable<string> pems)
    {
        var ring = new AuditKeyRing();
        foreach (var pem in pems)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(pem);
            }
            catch (Exception failed) when (failed is CryptographicException or ArgumentException)
            {
                key.Dispose();
                ring.Dispose();
                throw new ArgumentException($"not an EC public key in PEM: {failed.Message}", nameof(pems), failed);
            }
            var id = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
            if (!ring._keys.TryAdd(id, key))
                key.Dispose();
        }
        return ring;
    }

    public int Count => _keys.Count;

    /// <summary>Null when the key is known and the signature holds; else why not.</summary>
    public string? Check(string keyId, byte[] payload, byte[] signature)
    {
        if (!_keys.TryGetValue(keyId, out var key))
            return $"it is signed by key {keyId}, which is not a trusted audit signing key";
        return key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : "its signature does not verify";
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
            key.Dispose();
        _keys.Clear();
    }
}
