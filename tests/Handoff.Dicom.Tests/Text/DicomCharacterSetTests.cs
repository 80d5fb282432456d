using System.Text;
using Handoff.Dicom.Text;

namespace Handoff.Dicom.Tests.Text;

/// <summary>
/// Raw values of every text element with non-ASCII bytes in pydicom's data/charset_files/*.dcm (the
/// Patient's Names match FileInfo.txt there). Each expected name was checked against Python's codecs
/// and, for the sets dcmtk's iconv can convert (not the Japanese ones), against dcmdump +U8.
/// </summary>
public sealed class DicomCharacterSetTests
{
    [Theory]
    [InlineData("chrArab", "ISO_IR 127", DicomVR.PN, "\u00E2\u00C8\u00C7\u00E6\u00EA^\u00E4\u00E6\u00D2\u00C7\u00D1", "قباني^لنزار")]
    [InlineData("chrFren", "ISO_IR 100", DicomVR.PN, "Buc^J\u00E9r\u00F4me", "Buc^Jérôme")]
    [InlineData("chrFrenMulti", "ISO_IR 100", DicomVR.PN, "Buc^J\u00E9r\u00F4me\\Buc^J\u00E9r\u00F4me", "Buc^Jérôme\\Buc^Jérôme")]
    [InlineData("chrGerm", "ISO_IR 100", DicomVR.PN, "\u00C4neas^R\u00FCdiger", "Äneas^Rüdiger")]
    [InlineData("chrGreek", "ISO_IR 126", DicomVR.PN, "\u00C4\u00E9\u00EF\u00ED\u00F5\u00F3\u00E9\u00EF\u00F2", "Διονυσιος")]
    [InlineData("chrH31", "\\ISO 2022 IR 87", DicomVR.PN, "Yamada^Tarou=\u001B$B;3ED\u001B(B^\u001B$BB@O:\u001B(B=\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("chrH32", "ISO 2022 IR 13\\ISO 2022 IR 87", DicomVR.PN, "\u00D4\u00CF\u00C0\u00DE^\u00C0\u00DB\u00B3=\u001B$B;3ED\u001B(J^\u001B$BB@O:\u001B(J=\u001B$B$d$^$@\u001B(J^\u001B$B$?$m$&\u001B(J", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
    [InlineData("chrHbrw", "ISO_IR 138", DicomVR.PN, "\u00F9\u00F8\u00E5\u00EF^\u00E3\u00E1\u00E5\u00F8\u00E4", "שרון^דבורה")]
    [InlineData("chrI2", "\\ISO 2022 IR 149", DicomVR.PN, "Hong^Gildong=\u001B$)C\u00FB\u00F3^\u001B$)C\u00D1\u00CE\u00D4\u00D7=\u001B$)C\u00C8\u00AB^\u001B$)C\u00B1\u00E6\u00B5\u00BF", "Hong^Gildong=洪^吉洞=홍^길동")]
    [InlineData("chrJapMulti", "\\ISO 2022 IR 87", DicomVR.PN, "\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B", "やまだ^たろう")]
    [InlineData("chrJapMulti", "\\ISO 2022 IR 87", DicomVR.PN, "\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B\\\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B", "やまだ^たろう\\やまだ^たろう")]
    [InlineData("chrJapMulti", "\\ISO 2022 IR 87", DicomVR.LT, "\u001B$B$?$m$&\u001B(B", "たろう")]
    [InlineData("chrJapMultiExplicitIR6", "ISO 2022 IR 6\\ISO 2022 IR 87", DicomVR.PN, "\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B", "やまだ^たろう")]
    [InlineData("chrJapMultiExplicitIR6", "ISO 2022 IR 6\\ISO 2022 IR 87", DicomVR.PN, "\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B\\\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B", "やまだ^たろう\\やまだ^たろう")]
    [InlineData("chrJapMultiExplicitIR6", "ISO 2022 IR 6\\ISO 2022 IR 87", DicomVR.LT, "\u001B$B$?$m$&\u001B(B", "たろう")]
    [InlineData("chrKoreanMulti", "\\ISO 2022 IR 149", DicomVR.PN, "\u001B$)C\u00B1\u00E8\u00C8\u00F1\u00C1\u00DF\u001B(B", "김희중")]
    [InlineData("chrKoreanMulti", "\\ISO 2022 IR 149", DicomVR.PN, "\u001B$)C\u00B1\u00E8\u00C8\u00F1\u00C1\u00DF\u001B(B\\\u001B$)C\u00B1\u00E8\u00C8\u00F1\u00C1\u00DF\u001B(B", "김희중\\김희중")]
    [InlineData("chrKoreanMulti", "\\ISO 2022 IR 149", DicomVR.LT, "\u001B$)C\u00B1\u00E8\u00C8\u00F1\u00C1\u00DF\u001B(B", "김희중")]
    [InlineData("chrRuss", "ISO_IR 144", DicomVR.PN, "\u00BB\u00EE\u00DAce\u00DC\u00D1yp\u00D3", "Люкceмбypг")]
    [InlineData("chrSQEncoding", "ISO 2022 IR 13\\ISO 2022 IR 87", DicomVR.PN, "\u00D4\u00CF\u00C0\u00DE^\u00C0\u00DB\u00B3=\u001B$B;3ED\u001B(B^\u001B$BB@O:\u001B(B=\u001B$B$d$^$@\u001B(B^\u001B$B$?$m$&\u001B(B", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
    [InlineData("chrX1", "ISO_IR 192", DicomVR.PN, "Wang^XiaoDong=\u00E7\u008E\u008B^\u00E5\u00B0\u008F\u00E6\u009D\u00B1=", "Wang^XiaoDong=王^小東=")]
    [InlineData("chrX2", "GB18030", DicomVR.PN, "Wang^XiaoDong=\u00CD\u00F5^\u00D0\u00A1\u00B6\u00AB=", "Wang^XiaoDong=王^小东=")]
    public void Decode_ValueFromPydicomCharsetFile_GivesThePublishedName(string file, string terms, DicomVR vr, string raw, string expected)
    {
        var characterSet = DicomCharacterSet.FromTerms(terms.Split('\\'));

        var text = characterSet.Decode(Raw.Bytes(raw), vr);

        Assert.True(text == expected, $"{file}: got '{text}', expected '{expected}'");
    }

    [Fact]
    public void Decode_PaddedValue_KeepsPaddingForTheCaller()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 100"]);

        Assert.Equal("\u00C4neas^R\u00FCdiger ", characterSet.Decode(Raw.Bytes("\u00C4neas^R\u00FCdiger "), DicomVR.PN));
    }

    [Fact]
    public void Decode_DefaultWithLatin1Bytes_DecodesAsLatin1()
    {
        // Undeclared Latin-1 is the most common mistake in real files; showing "Jérôme" beats U+FFFD.
        Assert.Equal("Buc^J\u00E9r\u00F4me", DicomCharacterSet.Default.Decode(Raw.Bytes("Buc^J\u00E9r\u00F4me"), DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 101", "Dvo\u00F8\u00E1k^Anton\u00EDn", "Dvořák^Antonín")]
    [InlineData("ISO_IR 109", "\u00A1al^\u00D5u\u00BFeppi", "Ħal^Ġużeppi")]
    [InlineData("ISO_IR 110", "\u00D3\u00BAni\u00F1\u00B9^\u00DEna", "Ķēniņš^Ūna")]
    [InlineData("ISO_IR 148", "\u00D6zt\u00FCrk^\u00D0\u00F6k\u00E7e", "Öztürk^Ğökçe")]
    [InlineData("ISO_IR 203", "C\u00BDur^\u00BEves \u00A4", "Cœur^Ÿves €")]
    [InlineData("ISO_IR 166", "\u00CA\u00C1\u00AA\u00D2\u00C2^\u00E3\u00A8\u00B4\u00D5", "สมชาย^ใจดี")]
    [InlineData("GB18030", "Wang^\u00A2\u00E3\u00952\u00826", "Wang^€\U00020000")]
    public void Decode_SingleTermCharacterSet_GivesUnicodeName(string term, string raw, string expected)
    {
        var characterSet = DicomCharacterSet.FromTerms([term]);

        Assert.Equal(expected, characterSet.Decode(Raw.Bytes(raw), DicomVR.PN));
        Assert.False(characterSet.IsIso2022);
        Assert.False(characterSet.HasUnknownTerms);
    }

    [Fact]
    public void Decode_GbkTrailByteIs5C_IsNotSplitIntoValues()
    {
        // 乗 is 81 5C in GBK: a naive byte split on '\' would cut it in half (PS3.5 6.1.2.3).
        var characterSet = DicomCharacterSet.FromTerms(["GBK"]);
        var raw = Raw.Bytes("Wang^XiaoDong=\u00CD\u00F5^\u00D0\u00A1\u00B6\u00AB\\\u00B1\u00ED^\u0081\\");

        var text = characterSet.Decode(raw, DicomVR.PN);

        Assert.Equal("Wang^XiaoDong=王^小东\\表^乗", text);
        Assert.Equal(2, text.Split('\\').Length);
    }

    [Fact]
    public void Decode_Utf8_GivesUnicodeName()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        Assert.Equal("Wang^XiaoDong=王^小東=", characterSet.Decode(Encoding.UTF8.GetBytes("Wang^XiaoDong=王^小東="), DicomVR.PN));
    }
}
