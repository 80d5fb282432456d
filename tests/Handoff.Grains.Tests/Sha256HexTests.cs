using Handoff.Contracts.Hashing;

namespace Handoff.Grains.Tests;

/// <summary>The one hex rule (either case in, lowercase kept) and the one content-hash rule.</summary>
public sealed class Sha256HexTests
{
    private static readonly string Lower = TestData.Hash("chunk");

    [Fact]
    public void IsValid_UpperOrMixedCase_Accepted()
    {
        Assert.True(Sha256Hex.IsValid(Lower));
        Assert.True(Sha256Hex.IsValid(Lower.ToUpperInvariant()));
        Assert.True(Sha256Hex.IsValid(string.Concat(Lower[..32].ToUpperInvariant(), Lower[32..])));
    }

    public static TheoryData<string?> NotHashes => new()
    {
        null, "", "abc", Lower[..63], Lower + "0", "zz" + Lower[2..], Lower[..63] + "g", Lower[..63] + " ",
    };

    [Theory]
    [MemberData(nameof(NotHashes))]
    public void IsValid_NotSixtyFourHexCharacters_Refused(string? value)
    {
        Assert.False(Sha256Hex.IsValid(value));
    }

    [Fact]
    public void Normalize_UpperCase_Lowercase()
    {
        Assert.Equal(Lower, Sha256Hex.Normalize(Lower.ToUpperInvariant()));
    }

    [Fact]
    public void Normalize_AlreadyLowercase_SameInstance()
    {
        Assert.Same(Lower, Sha256Hex.Normalize(Lower));
    }

    [Fact]
    public void SameValue_DifferentCase_True_NotAHash_False()
    {
        Assert.True(Sha256Hex.SameValue(Lower, Lower.ToUpperInvariant()));
        Assert.False(Sha256Hex.SameValue("", ""));
        Assert.False(Sha256Hex.SameValue(null, Lower));
    }

    [Fact]
    public void FromBytesToBytes_RoundTrip_LowercaseHex()
    {
        var bytes = Sha256Hex.ToBytes(Lower.ToUpperInvariant());

        Assert.Equal(Lower, Sha256Hex.FromBytes(bytes));
        Assert.Throws<ArgumentException>(() => Sha256Hex.FromBytes(new byte[31]));
        Assert.Throws<FormatException>(() => Sha256Hex.ToBytes("not a hash"));
    }

    [Fact]
    public void OfConcatenated_ChunkHashes_ShaOverTheRawBytesInOrder()
    {
        var instance = TestData.Instance(TestData.Uid(), 3);

        Assert.Equal(TestData.ContentHash(instance), Sha256Hex.OfConcatenated(instance.ChunkHashes));
    }

    [Fact]
    public void OfConcatenated_UpperCaseInput_SameAsLowercase()
    {
        var hashes = new[] { TestData.Hash("a"), TestData.Hash("b") };

        Assert.Equal(Sha256Hex.OfConcatenated(hashes), Sha256Hex.OfConcatenated(hashes.Select(h => h.ToUpperInvariant())));
    }

    [Fact]
    public void OfConcatenated_OrderMatters()
    {
        var (a, b) = (TestData.Hash("a"), TestData.Hash("b"));

        Assert.NotEqual(Sha256Hex.OfConcatenated([a, b]), Sha256Hex.OfConcatenated([b, a]));
    }

    [Fact]
    public void OfConcatenated_NotAHash_FormatException()
    {
        Assert.Throws<FormatException>(() => Sha256Hex.OfConcatenated([TestData.Hash("a"), "nope"]));
    }
}
