using Handoff.Dicom.Text;

namespace Handoff.Dicom.Tests.Text;

/// <summary>
/// Code extensions (PS3.5 6.1.2.4-6.1.2.5). Latin-2 in G1 is used to see resets because E8 is "č"
/// there and "è" in Latin-1, so the decoded letter shows which set was active.
/// </summary>
public sealed class DicomCharacterSetIso2022Tests
{
    private static readonly DicomCharacterSet Latin1WithLatin2 = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 101"]);

    [Theory]
    [InlineData("^")]
    [InlineData("=")]
    [InlineData("\\")]
    public void Decode_PersonNameDelimiterAfterSwitch_ReturnsToFirstTermSet(string delimiter)
    {
        var text = Latin1WithLatin2.Decode(Raw.Bytes($"\u001B-B\u00E8{delimiter}\u00E8"), DicomVR.PN);

        Assert.Equal($"č{delimiter}è", text);
    }

    [Fact]
    public void Decode_CaretInLongString_DoesNotReset()
    {
        Assert.Equal("č^č", Latin1WithLatin2.Decode(Raw.Bytes("\u001B-B\u00E8^\u00E8"), DicomVR.LO));
        Assert.Equal("č\\è", Latin1WithLatin2.Decode(Raw.Bytes("\u001B-B\u00E8\\\u00E8"), DicomVR.LO));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\t")]
    [InlineData("\f")]
    public void Decode_ControlCharacterInText_ReturnsToFirstTermSet(string control)
    {
        var text = Latin1WithLatin2.Decode(Raw.Bytes($"\u001B-B\u00E8{control}\u00E8"), DicomVR.LT);

        Assert.Equal($"č{control}è", text);
    }

    [Fact]
    public void Decode_BackslashInLongText_IsACharacterAndDoesNotReset()
    {
        Assert.Equal("č\\č", Latin1WithLatin2.Decode(Raw.Bytes("\u001B-B\u00E8\\\u00E8"), DicomVR.LT));
    }

    [Fact]
    public void Decode_RomajiInG0ThenValueDelimiter_ReturnsToAscii()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 13"]);

        Assert.Equal("\u203E\\~", characterSet.Decode(Raw.Bytes("\u001B(J~\\~"), DicomVR.LO));
    }

    [Fact]
    public void Decode_JisPairContainingDelimiterBytes_IsOneCharacterNotADelimiter()
    {
        // ま is 24 5E in JIS X 0208: inside a two-byte set 05/14 is half a character, not a component delimiter.
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("ま^ま", characterSet.Decode(Raw.Bytes("\u001B$B$^\u001B(B^\u001B$B$^\u001B(B"), DicomVR.PN));
    }

    [Fact]
    public void Decode_JisX0208Punctuation_UsesTheStandardJisMapping()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        // WAVE DASH and FULLWIDTH REVERSE SOLIDUS, as JIS X 0208 defines them (not Microsoft's FULLWIDTH TILDE).
        Assert.Equal("\u301C\uFF3C", characterSet.Decode(Raw.Bytes("\u001B$B!A!@\u001B(B"), DicomVR.LO));
    }

    [Fact]
    public void Decode_JisX0212_GivesSupplementaryKanji()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87", "ISO 2022 IR 159"]);

        // 30 21 is 丂 in JIS X 0212 (亜 in JIS X 0208); 22 37 and 22 71 are the two code page 20932 lacks.
        var text = characterSet.Decode(Raw.Bytes("\u001B$(D0!\"7\"q\u001B$B0!\u001B(B"), DicomVR.PN);

        Assert.Equal("丂~№亜", text);
    }

    [Fact]
    public void Decode_IsoIr58_GivesSimplifiedChinese()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);
        var raw = Raw.Bytes("Zhang^XiaoDong=\u001B$)A\u00D5\u00C5^\u001B$)A\u00D0\u00A1\u00B6\u00AB=");

        Assert.Equal("Zhang^XiaoDong=张^小东=", characterSet.Decode(raw, DicomVR.PN));
    }

    [Fact]
    public void Decode_KoreanAsFirstTerm_NeedsNoEscape()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 149"]);

        Assert.Equal("김희중", characterSet.Decode(Raw.Bytes("\u00B1\u00E8\u00C8\u00F1\u00C1\u00DF"), DicomVR.PN));
        Assert.True(characterSet.IsIso2022);
    }

    [Fact]
    public void Decode_IsoIr13YenSign_IsYenInTextAndDelimiterInStrings()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 13"]);

        // PS3.5 6.1.2.3: the single byte 05/12 separates values whatever glyph the set gives it.
        Assert.Equal("\u00A5100", characterSet.Decode(Raw.Bytes("\\100"), DicomVR.LT));
        Assert.Equal("ﾔﾏﾀﾞ\\ﾀﾛｳ", characterSet.Decode(Raw.Bytes("\u00D4\u00CF\u00C0\u00DE\\\u00C0\u00DB\u00B3"), DicomVR.LO));
    }

    [Fact]
    public void Decode_KnownEscapeForUndeclaredSet_IsHonoured()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 100"]);

        Assert.Equal("山田^J\u00E9r\u00F4me", characterSet.Decode(Raw.Bytes("\u001B$B;3ED\u001B(B^J\u00E9r\u00F4me"), DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 100", false)]
    [InlineData("ISO 2022 IR 100", true)]
    [InlineData("\\ISO 2022 IR 87", true)]
    [InlineData("ISO 2022 IR 13\\ISO 2022 IR 87", true)]
    [InlineData("ISO_IR 192", false)]
    [InlineData("ISO_IR 192\\ISO 2022 IR 87", false)]
    public void FromTerms_Terms_ReportCodeExtensions(string terms, bool expected)
    {
        Assert.Equal(expected, DicomCharacterSet.FromTerms(terms.Split('\\')).IsIso2022);
    }
}
