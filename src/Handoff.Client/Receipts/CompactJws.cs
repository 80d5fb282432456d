using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Handoff.Client.Receipts;

/// <summary>
/// A JWS in compact serialization (RFC 7515) signed with ES256 (ECDSA P-256, SHA-256; RFC 7518 §3.4): the standard
/// container a third party can check with any JOSE library. Only ES256 is made or accepted: an "alg" of "none" or of
/// an HMAC is how JWS verifiers have been fooled before.
/// </summary>
public sealed class CompactJws
{
    /// <summary>The only algorithm made or accepted.</summary>
    public const string Algorithm = "ES256";

    /// <summary>The longest compact JWS read (a receipt of 100,000 instances is about 25 MB of text).</summary>
    public const int MaxLength = 64 * 1024 * 1024;

    private CompactJws(string text, string keyId, string type, byte[] payload, byte[] signature, int signingInputLength)
    {
        Text = text;
        KeyId = keyId;
        Type = type;
        Payload = payload;
        Signature = signature;
        SigningInputLength = signingInputLength;
    }

    /// <summary>The compact serialization, exactly as signed.</summary>
    public string Text { get; }

    /// <summary>The header's "kid": which key signed.</summary>
    public string KeyId { get; }

    /// <summary>The header's "typ".</summary>
    public string Type { get; }

    /// <summary>The payload bytes (JSON).</summary>
    public byte[] Payload { get; }

    /// <summary>The signature: r and s, 32 bytes each (IEEE P1363, as JWS writes ECDSA signatures).</summary>
    public byte[] Signature { get; }

    private int SigningInputLength { get; }

    /// <summary>Signs <paramref name="payload"/> with a key held here.</summary>
    /// <param name="key">A P-256 private key.</param>
    /// <param name="keyId">The key's id (its JWK thumbprint).</param>
    /// <param name="type">The "typ" header: what the payload is.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>The compact serialization.</returns>
    public static string Sign(ECDsa key, string keyId, string type, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignWith(signingInput => key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), keyId, type, payload);
    }

    /// <summary>Signs with a key held elsewhere (a grain that never hands its private key out).</summary>
    /// <param name="sign">Returns the ES256 signature (64 bytes) of the signing input.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="type">The "typ" header.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>The compact serialization.</returns>
    public static string SignWith(Func<byte[], byte[]> sign, string keyId, string type, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var signingInput = SigningInput(keyId, type, payload);
        return signingInput + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The header and payload, encoded: the ASCII bytes the signature covers.</summary>
    /// <param name="keyId">The key's id.</param>
    /// <param name="type">The "typ" header.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>BASE64URL(header) "." BASE64URL(payload).</returns>
    public static string SigningInput(string keyId, string type, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(payload);
        var header = JsonSerializer.SerializeToUtf8Bytes(new JwsHeader(Algorithm, keyId, type), ReceiptJson.Default.JwsHeader);
        return Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
    }

    /// <summary>Reads a compact JWS; <see cref="FormatException"/> saying what is wrong with it.</summary>
    /// <param name="text">The compact serialization.</param>
    /// <param name="what">What it is, for the message ("the receipt", "countersignature 2").</param>
    /// <returns>The parts.</returns>
    public static CompactJws Parse(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
            throw new FormatException($"{what} is empty");
        if (text.Length > MaxLength)
            throw new FormatException($"{what} is longer than {MaxLength} characters");
        var parts = text.Split('.');
        if (parts.Length != 3)
            throw new FormatException($"{what} is not a compact JWS (three base64url parts separated by dots)");
        JwsHeader header;
        byte[] payload;
        byte[] signature;
        try
        {
            header = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[0]), ReceiptJson.Default.JwsHeader)
                ?? throw new FormatException($"{what} has an empty header");
            payload = Base64Url.DecodeFromChars(parts[1]);
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (JsonException)
        {
            throw new FormatException($"{what} has a header that is not JSON");
        }
        if (header.Alg != Algorithm)
            throw new FormatException($"{what} is signed with {Quote(header.Alg)}; only {Algorithm} is accepted");
        if (string.IsNullOrEmpty(header.Kid))
            throw new FormatException($"{what} names no key (kid)");
        if (signature.Length != 64)
            throw new FormatException($"{what} has a signature of {signature.Length} bytes; ES256 signatures are 64");
        return new CompactJws(text, header.Kid, header.Typ ?? "", payload, signature, parts[0].Length + 1 + parts[1].Length);
    }

    /// <summary>True when <paramref name="publicKey"/> made the signature over exactly these header and payload bytes.</summary>
    /// <param name="publicKey">The signer's P-256 public key.</param>
    /// <returns>Whether the signature is valid.</returns>
    public bool IsSignedBy(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var signingInput = Encoding.ASCII.GetBytes(Text, 0, SigningInputLength);
        return publicKey.VerifyData(signingInput, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static string Quote(string? value) => value is null ? "no algorithm" : $"\"{(value.Length > 20 ? value[..20] + "…" : value)}\"";
}
