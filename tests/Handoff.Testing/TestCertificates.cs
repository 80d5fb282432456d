using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Handoff.Testing;

/// <summary>
/// A certificate authority made at run time for one test fixture, and the federation certificates it issues: one per
/// cluster (CN=&lt;network&gt;, SAN IP 127.0.0.1 and DNS localhost, serverAuth and clientAuth, since a cluster presents
/// the same certificate as the federation endpoint's server certificate and as its client certificate when it calls
/// a peer). Every <see cref="Issue"/> makes a new key, so issuing twice for one network gives the "same name,
/// different certificate" an impostor would present; another instance is another, unrelated authority. Files live in
/// a temp folder of their own, deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(3);
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly TempFolder _folder = new("certificates");
    private readonly RSA _authorityKey = RSA.Create(2048);
    private readonly X509Certificate2 _authority;
    private int _issued;

    public TestCertificates(string authorityName = "Handoff Test CA")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorityName);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={authorityName} {Guid.NewGuid():N}"), _authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        // Wider than any certificate it issues, so tests can also issue expired or not-yet-valid ones under it.
        _authority = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(30));
        AuthorityPem = _authority.ExportCertificatePem();
        AuthorityPath = _folder.Combine("authority.pem");
        File.WriteAllText(AuthorityPath, AuthorityPem + "\n");
    }

    /// <summary>The authority's certificate (public part), PEM.</summary>
    public string AuthorityPem { get; }

    public string AuthorityPath { get; }

    /// <summary>The authority's subject, unique per instance.</summary>
    public string AuthoritySubject => _authority.Subject;

    /// <summary>A new certificate and key for <paramref name="network"/>, valid from an hour ago for a few days.</summary>
    public ClusterCertificate Issue(string network)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(network, now.AddHours(-1), now + DefaultLifetime);
    }

    /// <summary>A new certificate and key for <paramref name="network"/> with the given validity (an expired one, say).</summary>
    public ClusterCertificate Issue(string network, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={network}"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var certificate = request.Create(_authority.SubjectName, X509SignatureGenerator.CreateForRSA(_authorityKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);

        var stem = string.Create(CultureInfo.InvariantCulture, $"{network}-{Interlocked.Increment(ref _issued)}");
        var certificatePem = certificate.ExportCertificatePem();
        var certificatePath = _folder.Combine(stem + ".pem");
        File.WriteAllText(certificatePath, certificatePem + "\n");
        var keyPath = _folder.Combine(stem + ".key");
        WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new ClusterCertificate(network, certificatePath, keyPath, certificatePem, ClusterCertificate.ThumbprintOf(certificate),
            certificate.Subject, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
    }

    public void Dispose()
    {
        _authority.Dispose();
        _authorityKey.Dispose();
        _folder.Dispose();
    }

    /// <summary>Created with mode 0600 (on Unix) before a byte is written, as a server expects of a private key.</summary>
    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }
}
