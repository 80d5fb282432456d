using System.Security.Cryptography;
using Handoff.Grains.Audit;

namespace Handoff.Server.Auditing.Chain;

/// <summary>
/// The cluster's signing key: an ECDSA P-256 key whose private half only the silos hold. Checkpoint events of the audit
/// hash chains carry its signature over a log's chain head (<c>GetAuditSigningKeys</c> publishes the public half with
/// its id), and it countersigns facilities' signed receipts (<c>ListReceiptKeys</c> lists it as the cluster key, by
/// its RFC 7638 thumbprint). One key for both, kept and supplied one way (<see cref="AuditSigningKeyStore"/>): what
/// each signs differs in form (a checkpoint payload, a JWS signing input), so one cannot pass for the other.
/// </summary>
public sealed class ClusterSigningKey : IAuditCheckpointSigner, IDisposable
{
    private readonly ECDsa _key;

    private ClusterSigningKey(ECDsa key, bool existed)
    {
        _key = key;
        Existed = existed;
        var publicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(publicKey))[..16];
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyId { get; }

    /// <summary>"-----BEGIN PUBLIC KEY-----" …</summary>
    public string PublicKeyPem { get; }

    /// <summary>True when the key was read; false when this start created it.</summary>
    public bool Existed { get; }

    /// <summary>A new key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").</summary>
    public static string GeneratePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The key in <paramref name="pem"/>; an error naming <paramref name="source"/> unless it is a P-256 private key.</summary>
    public static ClusterSigningKey FromPem(string pem, string source, bool existed)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var parameters = key.ExportParameters(includePrivateParameters: true);
            if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new InvalidOperationException($"the audit signing key in {source} is not a P-256 key");
        }
        catch (CryptographicException invalid)
        {
            key.Dispose();
            throw new InvalidOperationException($"the audit signing key in {source} is not an EC private key in PEM: {invalid.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
        return new ClusterSigningKey(key, existed);
    }

    /// <summary>The public key, DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    /// <summary>The RFC 7638 JWK thumbprint: the key's id as a JWS countersignature names it.</summary>
    public string Thumbprint => Client.Receipts.ReceiptKeys.Thumbprint(_key);

    public byte[] Sign(byte[] payload) => _key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
