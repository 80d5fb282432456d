using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Handoff.Cli.Tests.Peers;

/// <summary>Certificates and keys as an operator receives them from a peer: PEM text, made fresh for each test.</summary>
internal static class PeerPem
{
    public static X509Certificate2 Certificate(string subject = "CN=south.example")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The SHA-256 of the DER certificate in lowercase hex, the thumbprint the server pins.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    public static string Pkcs8Key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static string EcKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportECPrivateKeyPem();
    }

    public static string RsaKey()
    {
        using var key = RSA.Create(2048);
        return key.ExportRSAPrivateKeyPem();
    }

    public static string EncryptedKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
    }
}
