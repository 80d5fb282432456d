using System.Security.Cryptography;
using System.Text;

namespace Handoff.Cli.Commands.Peer;

/// <summary>
/// A peer's certificate as the operator received it: a PEM file holding one certificate or a chain. `peer add` sends
/// the text as it is (the server parses it and pins each certificate by thumbprint); here it is only checked to be
/// what it claims, so a wrong file is refused, naming its path, before anything is sent. A file that holds a private
/// key is refused outright: the key belongs to the peer and must not travel, not even to a server that would drop it.
/// </summary>
internal sealed class CertificateFile
{
    /// <summary>A certificate chain is a few KiB; a file past this is something else (a DICOM file, a log).</summary>
    public const long MaxLength = 1024 * 1024;

    private const string CertificateLabel = "CERTIFICATE";
    private const string CertificateBegin = "-----BEGIN " + CertificateLabel + "-----";

    private CertificateFile(string path, string pem, IReadOnlyList<byte[]> certificates)
    {
        Path = path;
        Pem = pem;
        Certificates = certificates;
    }

    public string Path { get; }

    /// <summary>The file's text, unchanged: what goes into certificate_pems.</summary>
    public string Pem { get; }

    /// <summary>The DER encoding of each CERTIFICATE block, in file order.</summary>
    public IReadOnlyList<byte[]> Certificates { get; }

    /// <summary>Reads and checks a PEM certificate file; every problem is a <see cref="CliFailure"/> naming the path.</summary>
    public static CertificateFile Read(string path)
    {
        string text;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxLength)
                throw new CliFailure($"{path}: {length} bytes is too large for a PEM certificate file");
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(CliErrorHandler.DescribeUnreadable(path, e), e);
        }
        return Parse(path, text);
    }

    /// <summary>Checks PEM text read from <paramref name="path"/> (named in messages only).</summary>
    public static CertificateFile Parse(string path, string text)
    {
        // Any private key block (PKCS#8, encrypted, RSA, EC, OpenSSH), well-formed or not: the message never quotes it.
        if (text.Contains("PRIVATE KEY-----", StringComparison.OrdinalIgnoreCase))
            throw new CliFailure($"{path}: holds a private key; give the peer's certificate only (its private key never leaves the peer)");
        var certificates = new List<byte[]>();
        var otherLabels = new List<string>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.SequenceEqual(CertificateLabel))
                certificates.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            else if (!otherLabels.Contains(label.ToString()))
                otherLabels.Add(label.ToString());
            rest = rest[fields.Location.End..];
        }
        if (Occurrences(text, CertificateBegin) > certificates.Count)
            throw new CliFailure($"{path}: a CERTIFICATE block is malformed (its base64 is damaged or its END line is missing)");
        if (certificates.Count == 0)
        {
            throw new CliFailure(otherLabels.Count > 0
                ? $"{path}: holds no certificate, only {string.Join(", ", otherLabels)}"
                : $"{path}: not a PEM certificate (no {CertificateBegin} line; a DER file converts with `openssl x509 -inform der -in FILE -out FILE.pem`)");
        }
        return new CertificateFile(path, text, certificates);
    }

    /// <summary>
    /// The thumbprint of each certificate by the rule the server pins them with (SHA-256 of the DER, lowercase hex),
    /// for `peer revoke --certificate`, whose request carries only a thumbprint.
    /// </summary>
    public IReadOnlyList<string> Thumbprints()
    {
        var thumbprints = new string[Certificates.Count];
        for (var i = 0; i < thumbprints.Length; i++)
            thumbprints[i] = Convert.ToHexStringLower(SHA256.HashData(Certificates[i]));
        return thumbprints;
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
