using System.Security.Cryptography;
using Handoff.Grains.Audit;

namespace Handoff.Server.Auditing.Chain;

/// <summary>
/// The cluster's audit signing key: an ECDSA P-256 key whose private half only the silos hold; checkpoint events carry
/// its signature over a log's chain head, and <c>GetAuditSigningKeys</c> publishes the public half (with its id) for
/// verifiers. Where it is kept: <see cref="AuditSigningKeyStore"/>.
/// </summary>
public sealed class ClusterAuditKey : IAuditCheckpointSigner, IDisposable
{
    private readonly ECDsa _key;

    private ClusterAuditKey(ECDsa key, bool existed)
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
    public static ClusterAuditKey FromPem(string pem, string source, bool existed)
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
        return new ClusterAuditKey(key, existed);
    }

    public byte[] Sign(byte[] payload) => _key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
