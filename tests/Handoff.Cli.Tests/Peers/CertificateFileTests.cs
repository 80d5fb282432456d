using Handoff.Cli.Commands;
using Handoff.Cli.Commands.Peer;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Peers;

/// <summary>
/// `peer add` and `peer revoke --certificate` read the peer's PEM file: a certificate (or chain) is accepted and its
/// text sent unchanged; anything holding a private key, or holding no certificate, is refused with the file's path.
/// </summary>
public sealed class CertificateFileTests
{
    [Fact]
    public void Read_Certificate_KeepsTextAndThumbprintIsSha256OfDer()
    {
        using var folder = new TempFolder();
        using var certificate = PeerPem.Certificate();
        var path = folder.Combine("south.pem");
        var text = "Bag Attributes\n    friendlyName: south\n" + certificate.ExportCertificatePem() + "\n";
        File.WriteAllText(path, text);

        var file = CertificateFile.Read(path);

        Assert.Equal(text, file.Pem);
        Assert.Equal([PeerPem.Thumbprint(certificate)], file.Thumbprints());
    }

    [Fact]
    public void Read_Chain_EveryCertificateInOrder()
    {
        using var folder = new TempFolder();
        using var leaf = PeerPem.Certificate("CN=south.example");
        using var issuer = PeerPem.Certificate("CN=South Regional CA");
        var path = folder.Combine("chain.pem");
        File.WriteAllText(path, leaf.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n");

        var file = CertificateFile.Read(path);

        Assert.Equal([PeerPem.Thumbprint(leaf), PeerPem.Thumbprint(issuer)], file.Thumbprints());
    }

    public static TheoryData<string> PrivateKeys() => new()
    {
        { PeerPem.Pkcs8Key() },
        { PeerPem.EcKey() },
        { PeerPem.RsaKey() },
        { PeerPem.EncryptedKey() },
        { "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n" },
    };

    [Theory]
    [MemberData(nameof(PrivateKeys))]
    public void Read_CertificateWithPrivateKey_RefusedNamingPathWithoutQuotingKey(string key)
    {
        using var folder = new TempFolder();
        using var certificate = PeerPem.Certificate();
        var path = folder.Combine("south-with-key.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key);

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Equal(ExitCodes.InputError, error.ExitCode);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
        var keyBody = key.Split('\n')[1];
        Assert.DoesNotContain(keyBody, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_KeyAlone_Refused()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("key.pem");
        File.WriteAllText(path, PeerPem.Pkcs8Key());

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Equal(ExitCodes.InputError, error.ExitCode);
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DerFile_RefusedSayingNotPem()
    {
        using var folder = new TempFolder();
        using var certificate = PeerPem.Certificate();
        var path = folder.Combine("south.cer");
        File.WriteAllBytes(path, certificate.RawData);

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Equal(ExitCodes.InputError, error.ExitCode);
        Assert.StartsWith(path + ": not a PEM certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CertificateRequestOnly_RefusedNamingWhatItHolds()
    {
        using var folder = new TempFolder();
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=south.example", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var path = folder.Combine("south.csr");
        File.WriteAllText(path, request.CreateSigningRequestPem());

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Equal($"{path}: holds no certificate, only CERTIFICATE REQUEST", error.Message);
    }

    [Fact]
    public void Read_DamagedCertificateBlock_Refused()
    {
        using var folder = new TempFolder();
        using var good = PeerPem.Certificate();
        var path = folder.Combine("damaged.pem");
        File.WriteAllText(path, good.ExportCertificatePem() + "\n-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n");

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Equal(ExitCodes.InputError, error.ExitCode);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_InputErrorNamingPath()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("missing.pem");

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Equal(ExitCodes.InputError, error.ExitCode);
        Assert.Equal($"{path}: no such file", error.Message);
    }

    [Fact]
    public void Read_HugeFile_RefusedWithoutReadingIt()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("study.dcm");
        using (var stream = File.Create(path))
            stream.SetLength(CertificateFile.MaxLength + 1);

        var error = Assert.Throws<CliFailure>(() => CertificateFile.Read(path));

        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }
}
