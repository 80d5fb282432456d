using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Handoff.Client.Receipts;

/// <summary>P-256 public keys as receipts name them: by their RFC 7638 JWK thumbprint, which any JOSE tool recomputes.</summary>
public static class ReceiptKeys
{
    /// <summary>The longest DER public key accepted (a P-256 SubjectPublicKeyInfo is 91 bytes).</summary>
    public const int MaxPublicKeyLength = 512;

    /// <summary>Reads a DER SubjectPublicKeyInfo that must hold a P-256 key; <see cref="FormatException"/> otherwise.</summary>
    /// <param name="subjectPublicKeyInfo">The DER bytes.</param>
    /// <returns>The key, for verifying.</returns>
    public static ECDsa ImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (subjectPublicKeyInfo.Length is 0 or > MaxPublicKeyLength)
            throw new FormatException($"a receipt public key is a DER SubjectPublicKeyInfo of at most {MaxPublicKeyLength} bytes, not {subjectPublicKeyInfo.Length}");
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
                throw new FormatException("the public key has bytes after its SubjectPublicKeyInfo");
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new FormatException("the public key is not on curve P-256 (ES256 needs P-256)");
            return key;
        }
        catch (CryptographicException failure)
        {
            key.Dispose();
            throw new FormatException($"the public key is not an EC SubjectPublicKeyInfo: {failure.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The key's id: the RFC 7638 thumbprint (SHA-256 of the canonical JWK, base64url).</summary>
    /// <param name="key">A P-256 key (public or private).</param>
    /// <returns>The thumbprint.</returns>
    public static string Thumbprint(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (x, y) = Coordinates(key);
        // Members in lexicographic order, no whitespace: RFC 7638 §3.
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The key's x and y coordinates, base64url: its JWK "x" and "y".</summary>
    /// <param name="key">A P-256 key.</param>
    /// <returns>The coordinates.</returns>
    public static (string X, string Y) Coordinates(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var point = key.ExportParameters(false).Q;
        return (Base64Url.EncodeToString(point.X), Base64Url.EncodeToString(point.Y));
    }

    /// <summary>A P-256 public key from its JWK coordinates; <see cref="FormatException"/> when they are not a point of the curve.</summary>
    /// <param name="x">The JWK "x".</param>
    /// <param name="y">The JWK "y".</param>
    /// <returns>The key.</returns>
    public static ECDsa FromCoordinates(string x, string y)
    {
        byte[] qx;
        byte[] qy;
        try
        {
            qx = Base64Url.DecodeFromChars(x);
            qy = Base64Url.DecodeFromChars(y);
        }
        catch (FormatException)
        {
            throw new FormatException("a key's x or y is not base64url");
        }
        if (qx.Length != 32 || qy.Length != 32)
            throw new FormatException("a P-256 key's x and y are 32 bytes each");
        try
        {
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = qx, Y = qy } });
        }
        catch (CryptographicException)
        {
            throw new FormatException("a key's x and y are not a point of P-256");
        }
    }
}
