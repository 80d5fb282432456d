using System.Security.Cryptography;

namespace Handoff.Client.Receipts;

/// <summary>
/// A facility's receipt-signing key: a P-256 private key in a PKCS#8 PEM file that only the facility's system holds
/// (its gateway, its receiving client). The server only ever sees the public key, so a receipt signed with it is the
/// facility's word, not the server's.
/// </summary>
public sealed class ReceiptSigningKey : IDisposable
{
    private ReceiptSigningKey(ECDsa key)
    {
        Key = key;
        KeyId = ReceiptKeys.Thumbprint(key);
        PublicKey = key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>The private key.</summary>
    public ECDsa Key { get; }

    /// <summary>The key's id (RFC 7638 thumbprint): the "kid" of what it signs.</summary>
    public string KeyId { get; }

    /// <summary>The public key, DER SubjectPublicKeyInfo: what is registered with the server.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Creates a new key and writes it to <paramref name="path"/> (readable by its owner only); an existing file is never overwritten.</summary>
    /// <param name="path">The PEM file to create.</param>
    /// <returns>The key.</returns>
    public static ReceiptSigningKey Create(string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(path, options))
            file.Write(key.ExportPkcs8PrivateKeyPem());
        return new ReceiptSigningKey(key);
    }

    /// <summary>Reads a key file; <see cref="FormatException"/> when it is not a P-256 private key.</summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>The key.</returns>
    public static ReceiptSigningKey Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such receipt key file", path);
        var text = File.ReadAllText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new FormatException($"{path}: the key is not on curve P-256");
            _ = key.ExportParameters(true); // a public key alone cannot sign: refuse it now, not at the first receipt
        }
        catch (Exception failure) when (failure is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"{path} is not an EC P-256 private key in PEM ({failure.Message})");
        }
        catch
        {
            key.Dispose();
            throw;
        }
        return new ReceiptSigningKey(key);
    }

    /// <summary>Signs a receipt.</summary>
    /// <param name="content">What the facility confirms.</param>
    /// <returns>The compact JWS.</returns>
    public string Sign(ReceiptContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return CompactJws.Sign(Key, KeyId, ReceiptContent.JwsType, content.ToJson());
    }

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
