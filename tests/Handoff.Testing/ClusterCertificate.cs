using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Handoff.Testing;

/// <summary>
/// A federation certificate issued by <see cref="TestCertificates"/>: CN=&lt;network&gt;, valid for TLS server and client
/// authentication, as PEM files (the key owner-only) a server takes as Handoff:Federation:CertificatePath and KeyPath.
/// <see cref="CertificatePem"/> is the public part an operator pins on the other side (Peers.AddPeer), and
/// <see cref="Thumbprint"/> the identity it is pinned by.
/// </summary>
public sealed record ClusterCertificate(
    string Network,
    string CertificatePath,
    string KeyPath,
    string CertificatePem,
    string Thumbprint,
    string Subject,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>The certificate with its private key, usable as a TLS client certificate; the caller disposes it.</summary>
    public X509Certificate2 LoadWithKey()
    {
        using var pem = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        // Re-imported so SslStream can use the key on every platform (an ephemeral PEM key is not always usable).
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>The rule peers are pinned by (the server's FederationCertificate.Thumbprint): SHA-256 over the DER certificate, lowercase hex.</summary>
    public static string ThumbprintOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }
}
