using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Handoff.Client.Receipts;

namespace Handoff.Client.Tests;

/// <summary>
/// The JWS reader refuses what has fooled JWS verifiers before: "alg":"none", an HMAC algorithm, a signature of the
/// wrong size, a key on another curve. A good ES256 signature checks, and one changed byte does not.
/// </summary>
public sealed class CompactJwsTests
{
    [Fact]
    public void Es256_SignedHere_Verifies_AndOneChangedPayloadByteDoesNot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = ReceiptKeys.Thumbprint(key);
        var text = CompactJws.Sign(key, kid, "t", Encoding.UTF8.GetBytes("{\"a\":1}"));

        var parsed = CompactJws.Parse(text, "it");
        Assert.True(parsed.IsSignedBy(key));
        Assert.Equal(kid, parsed.KeyId);
        var parts = text.Split('.');
        var changed = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"a\":2}")) + "." + parts[2];
        Assert.False(CompactJws.Parse(changed, "it").IsSignedBy(key));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("ES384")]
    public void OtherAlgorithms_AreRefused(string algorithm)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"{algorithm}\",\"kid\":\"k\"}}"));
        var text = header + "." + Base64Url.EncodeToString("{}"u8) + "." + Base64Url.EncodeToString(new byte[64]);

        var refused = Assert.Throws<FormatException>(() => CompactJws.Parse(text, "the receipt"));
        Assert.Contains("only ES256", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_Refused_WithTheReason()
    {
        Assert.Contains("three base64url parts", Assert.Throws<FormatException>(() => CompactJws.Parse("a.b", "x")).Message, StringComparison.Ordinal);
        var header = Base64Url.EncodeToString("{\"alg\":\"ES256\",\"kid\":\"k\"}"u8);
        var shortSignature = header + ".e30." + Base64Url.EncodeToString(new byte[10]);
        Assert.Contains("64", Assert.Throws<FormatException>(() => CompactJws.Parse(shortSignature, "x")).Message, StringComparison.Ordinal);
        var noKid = Base64Url.EncodeToString("{\"alg\":\"ES256\"}"u8) + ".e30." + Base64Url.EncodeToString(new byte[64]);
        Assert.Contains("names no key", Assert.Throws<FormatException>(() => CompactJws.Parse(noKid, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicKeyOnAnotherCurve_IsRefused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var refused = Assert.Throws<FormatException>(() => ReceiptKeys.ImportPublicKey(p384.ExportSubjectPublicKeyInfo()));
        Assert.Contains("P-256", refused.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ReceiptKeys.ImportPublicKey(new byte[600]));
    }
}
