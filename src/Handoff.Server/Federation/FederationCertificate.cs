using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Federation;

/// <summary>
/// The cluster's federation certificate, loaded once from its PEM files, and the thumbprint rule peers are pinned
/// by: SHA-256 over the DER certificate, lowercase hex (SHA-1 thumbprints are not a safe identity).
/// </summary>
public sealed class FederationCertificate
{
    private readonly Lazy<X509Certificate2> _certificate;

    public FederationCertificate(IOptions<FederationOptions> options)
    {
        var federation = options.Value;
        _certificate = new Lazy<X509Certificate2>(() => Load(federation));
    }

    public X509Certificate2 Certificate => _certificate.Value;

    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The certificates in PEM text (public parts only; a private key in it is refused, not silently dropped).</summary>
    public static IReadOnlyList<X509Certificate2> ParsePublic(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new ArgumentException("the PEM text holds a private key; give the peer's certificate only", nameof(pem));
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection.Count > 0 ? [.. collection] : throw new ArgumentException("the PEM text holds no certificate", nameof(pem));
    }

    private static X509Certificate2 Load(FederationOptions federation)
    {
        if (string.IsNullOrEmpty(federation.CertificatePath) || string.IsNullOrEmpty(federation.KeyPath))
            throw new InvalidOperationException("Handoff:Federation:CertificatePath and KeyPath are required when Handoff:Federation:Network is set");
        using var pem = X509Certificate2.CreateFromPemFile(federation.CertificatePath, federation.KeyPath);
        // Re-imported so the private key is usable by SslStream on every platform (an ephemeral PEM key is not).
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
