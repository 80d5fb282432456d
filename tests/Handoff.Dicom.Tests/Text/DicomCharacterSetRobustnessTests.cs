using System.Text;
using Handoff.Dicom.Text;

namespace Handoff.Dicom.Tests.Text;

/// <summary>Decoding is total: bad bytes and unknown terms give replacement characters or Latin-1, never an exception.</summary>
public sealed class DicomCharacterSetRobustnessTests
{
    private static readonly string[][] AllTermLists =
    [
        [], ["ISO_IR 100"], ["ISO_IR 101"], ["ISO_IR 109"], ["ISO_IR 110"], ["ISO_IR 144"], ["ISO_IR 127"],
        ["ISO_IR 126"], ["ISO_IR 138"], ["ISO_IR 148"], ["ISO_IR 203"], ["ISO_IR 166"], ["ISO_IR 13"],
        ["ISO_IR 192"], ["GB18030"], ["GBK"], ["ISO_IR 999"],
        ["", "ISO 2022 IR 87", "ISO 2022 IR 159"], ["ISO 2022 IR 13", "ISO 2022 IR 87"],
        ["", "ISO 2022 IR 149"], ["", "ISO 2022 IR 58"], ["ISO 2022 IR 100", "ISO 2022 IR 166", "ISO 2022 IR 999"],
    ];

    private static readonly DicomVR[] Vrs = [DicomVR.PN, DicomVR.LO, DicomVR.SH, DicomVR.UC, DicomVR.LT, DicomVR.ST, DicomVR.UT, DicomVR.CS];

    // Fragments that steer the decoder through every state, including the broken ones.
    private static readonly string[] Fragments =
    [
        "\u001B$B", "\u001B$(D", "\u001B$)C", "\u001B$)A", "\u001B(B", "\u001B(J", "\u001B)I", "\u001B-B", "\u001B-T",
        "\u001B", "\u001B$", "\u001B$)", "\u001B-Z", "\u001B%G", "^", "=", "\\", "\r\n", " ", "A", "\u00B1", "\u00E8", "\u00FF",
    ];

    [Fact]
    public void Decode_RandomBytesUnderEveryCharacterSet_NeverThrows()
    {
        var random = new Random(20250611);
        foreach (var terms in AllTermLists)
        {
            var characterSet = DicomCharacterSet.FromTerms(terms);
            for (var n = 0; n < 300; n++)
            {
                // Lengths past 512 bytes take the pooled-buffer path.
                var value = new byte[random.Next(n < 290 ? 64 : 2000)];
                random.NextBytes(value);
                var mixed = Raw.Bytes(Fragments[random.Next(Fragments.Length)] + Encoding.Latin1.GetString(value) + Fragments[random.Next(Fragments.Length)]);
                foreach (var vr in Vrs)
                    Assert.NotNull(characterSet.Decode(mixed, vr));
            }
        }
    }

    [Theory]
    [InlineData("Yamada\u001B", "Yamada\uFFFD")]
    [InlineData("Yamada\u001B$", "Yamada\uFFFD")]
    [InlineData("\u001B\u00E9", "\uFFFD\u00E9")]
    [InlineData("\u001B$B;3E", "山\uFFFD")]
    [InlineData("\u001B-Z\u00E9^\u001B", "\u00E9^\uFFFD")]
    public void Decode_BrokenEscapeOrTruncatedPair_GivesReplacementCharacter(string raw, string expected)
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal(expected, characterSet.Decode(Raw.Bytes(raw), DicomVR.PN));
    }

    [Fact]
    public void Decode_TruncatedMultibyteCharacter_KeepsTheCompleteOnes()
    {
        var korean = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]).Decode(Raw.Bytes("\u001B$)C\u00B1\u00E8\u00C8"), DicomVR.PN);
        var utf8 = DicomCharacterSet.FromTerms(["ISO_IR 192"]).Decode(Raw.Bytes("Wang^\u00E7\u008E"), DicomVR.PN);

        Assert.Equal("김\uFFFD", korean);
        Assert.Equal("Wang^\uFFFD", utf8);
    }

    [Fact]
    public void FromTerms_UnknownTerm_DecodesAsLatin1()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 999"]);

        Assert.True(characterSet.HasUnknownTerms);
        Assert.Equal("J\u00E9r\u00F4me", characterSet.Decode(Raw.Bytes("J\u00E9r\u00F4me"), DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO-IR 100")]
    [InlineData("ISO_IR100")]
    [InlineData("iso_ir 100")]
    public void FromTerms_CommonMisspelling_IsRecognised(string term)
    {
        var characterSet = DicomCharacterSet.FromTerms([term]);

        Assert.False(characterSet.HasUnknownTerms);
        Assert.Equal("J\u00E9r\u00F4me", characterSet.Decode(Raw.Bytes("J\u00E9r\u00F4me"), DicomVR.PN));
    }

    [Fact]
    public void FromTerms_PaddedTerms_AreTrimmedAndKept()
    {
        Assert.Equal(["", "ISO 2022 IR 87"], DicomCharacterSet.FromTerms([" ", "ISO 2022 IR 87 "]).Terms);
        Assert.Empty(DicomCharacterSet.Default.Terms);
    }

    [Fact]
    public void Decode_NonTextVR_UsesDefaultRepertoire()
    {
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("\u001B$B;3", characterSet.Decode(Raw.Bytes("\u001B$B;3"), DicomVR.CS));
    }

    [Fact]
    public void Decode_EveryJisPair_GivesExactlyOneCharacter()
    {
        // An unmapped pair must not swallow or split its neighbour, or the rest of the name is garbled.
        foreach (var (terms, escape) in new[] { ("ISO 2022 IR 87", "\u001B$B"), ("ISO 2022 IR 159", "\u001B$(D") })
        {
            var characterSet = DicomCharacterSet.FromTerms(["", terms]);
            for (var row = 0x21; row <= 0x7E; row++)
            {
                var value = new StringBuilder(escape);
                for (var cell = 0x21; cell <= 0x7E; cell++)
                    value.Append((char)row).Append((char)cell);
                Assert.Equal(94, characterSet.Decode(Raw.Bytes(value.ToString()), DicomVR.LT).Length);
            }
        }
    }

    [Theory]
    [InlineData("\\ISO 2022 IR 87", "Yamada^Tarou=\u001B$B;3ED\u001B(B^\u001B$BB@O:\u001B(B", "Yamada^Tarou=山田^太郎")]
    [InlineData("GB18030", "Wang^XiaoDong=\u00CD\u00F5^\u00D0\u00A1\u00B6\u00AB", "Wang^XiaoDong=王^小东")]
    public void Decode_LongValue_MatchesShortOnes(string terms, string raw, string expected)
    {
        // 100 values are far past the stack buffer, so this decodes through a pooled one.
        var characterSet = DicomCharacterSet.FromTerms(terms.Split('\\'));

        var text = characterSet.Decode(Raw.Bytes(string.Join('\\', Enumerable.Repeat(raw, 100))), DicomVR.PN);

        Assert.Equal(string.Join('\\', Enumerable.Repeat(expected, 100)), text);
    }
}
