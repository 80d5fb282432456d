using Handoff.Dicom.Dictionary;
using Handoff.Dicom.DictionaryGenerator;
using Xunit.Abstractions;

namespace Handoff.Dicom.Tests.Dictionary;

public sealed class DicomDictionaryTests
{
    private readonly ITestOutputHelper _output;

    public DicomDictionaryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Find_PatientName_ReturnsPersonNameEntry()
    {
        var entry = DicomDictionary.Find(DicomTag.PatientName);

        Assert.NotNull(entry);
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal(DicomVR.PN, entry.VR);
        Assert.Equal(DicomVR.None, entry.AlternateVR);
        Assert.Equal("1", entry.ValueMultiplicity);
        Assert.False(entry.Retired);
    }

    [Fact]
    public void Find_PixelData_ReturnsOBWithAlternateOW()
    {
        var entry = DicomDictionary.Find(DicomTag.PixelData);

        Assert.NotNull(entry);
        Assert.Equal("PixelData", entry.Keyword);
        Assert.Equal(DicomVR.OB, entry.VR);
        Assert.Equal(DicomVR.OW, entry.AlternateVR);
    }

    [Fact]
    public void ImplicitVR_PixelData_ReturnsOW()
    {
        // PS3.5 A.1: OB is not allowed for Pixel Data when the VR is implicit.
        Assert.Equal(DicomVR.OW, DicomDictionary.ImplicitVR(DicomTag.PixelData));
    }

    [Fact]
    public void Find_SmallestImagePixelValue_ReturnsUSWithAlternateSS()
    {
        var tag = new DicomTag(0x0028, 0x0106);

        var entry = DicomDictionary.Find(tag);

        Assert.NotNull(entry);
        Assert.Equal("SmallestImagePixelValue", entry.Keyword);
        Assert.Equal(DicomVR.US, entry.VR);
        Assert.Equal(DicomVR.SS, entry.AlternateVR);
        Assert.Equal(DicomVR.US, DicomDictionary.ImplicitVR(tag));
    }

    [Fact]
    public void Find_OverlayDataInGroup6002_MatchesRepeatingGroupEntryWithOW()
    {
        var tag = new DicomTag(0x6002, 0x3000);

        var entry = DicomDictionary.Find(tag);

        Assert.NotNull(entry);
        Assert.Equal("OverlayData", entry.Keyword);
        Assert.Equal(0x60003000u, entry.Tag);
        Assert.Equal(0xFF00FFFFu, entry.Mask);
        Assert.Equal(DicomVR.OW, entry.AlternateVR);
        Assert.Equal(DicomVR.OW, DicomDictionary.ImplicitVR(tag));
    }

    [Theory]
    [InlineData(0x50040005u, "CurveDimensions", DicomVR.US)]
    [InlineData(0x50040010u, "NumberOfPoints", DicomVR.US)]
    [InlineData(0x50043000u, "CurveData", DicomVR.OW)]
    [InlineData(0x7F020010u, "VariablePixelData", DicomVR.OW)]
    [InlineData(0x00280410u, "RowsForNthOrderCoefficients", DicomVR.US)]
    [InlineData(0x00203105u, "SourceImageIDs", DicomVR.CS)]
    [InlineData(0x10000013u, "HuffmanTableTriplet", DicomVR.US)]
    [InlineData(0x10101234u, "ZonalMap", DicomVR.US)]
    public void Find_RepeatingGroupOrElementTag_MatchesMaskedEntry(uint value, string keyword, DicomVR implicitVR)
    {
        var tag = new DicomTag(value);

        var entry = DicomDictionary.Find(tag);

        Assert.NotNull(entry);
        Assert.Equal(keyword, entry.Keyword);
        Assert.NotEqual(0xFFFFFFFFu, entry.Mask);
        Assert.Equal(implicitVR, DicomDictionary.ImplicitVR(tag));
    }

    [Fact]
    public void Find_ExactTagInsideRepeatingElementRange_PrefersExactEntry()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0028, 0x0400));

        Assert.NotNull(entry);
        Assert.Equal("TransformLabel", entry.Keyword);
    }

    [Theory]
    [InlineData(0x7FE00011u)]
    [InlineData(0x60223000u)]
    [InlineData(0x50200005u)]
    public void Find_GroupOutsideRepeatingRange_ReturnsNull(uint value)
    {
        Assert.Null(DicomDictionary.Find(new DicomTag(value)));
    }

    [Fact]
    public void Find_RetiredEntry_IsFlaggedRetired()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0008, 0x0001));

        Assert.NotNull(entry);
        Assert.Equal("LengthToEnd", entry.Keyword);
        Assert.True(entry.Retired);
    }

    [Theory]
    [InlineData(0xFFFEE000u, "Item")]
    [InlineData(0xFFFEE00Du, "ItemDelimitationItem")]
    [InlineData(0xFFFEE0DDu, "SequenceDelimitationItem")]
    public void Find_ItemAndDelimiterTags_HaveNoVR(uint value, string keyword)
    {
        var entry = DicomDictionary.Find(new DicomTag(value));

        Assert.NotNull(entry);
        Assert.Equal(keyword, entry.Keyword);
        Assert.Equal(DicomVR.None, entry.VR);
    }

    [Fact]
    public void Find_FileMetaGroup_IsPresent()
    {
        Assert.Equal(DicomVR.UI, DicomDictionary.ImplicitVR(DicomTag.TransferSyntaxUID));
        Assert.Equal("FileMetaInformationGroupLength", DicomDictionary.KeywordOf(DicomTag.FileMetaInformationGroupLength));
    }

    [Fact]
    public void FindByKeyword_EveryEntry_RoundTripsToSameTag()
    {
        Assert.True(DicomDictionary.All.Count > 5000);
        foreach (var entry in DicomDictionary.All)
        {
            var byKeyword = DicomDictionary.FindByKeyword(entry.Keyword);
            Assert.NotNull(byKeyword);
            Assert.Same(entry, byKeyword);
            Assert.Equal(entry.Tag, byKeyword.Tag);
            if (entry.Mask == 0xFFFFFFFFu)
                Assert.Same(entry, DicomDictionary.Find(new DicomTag(entry.Tag)));
        }
    }

    [Fact]
    public void FindByKeyword_WrongCase_ReturnsNull()
    {
        Assert.Null(DicomDictionary.FindByKeyword("patientname"));
        Assert.Null(DicomDictionary.FindByKeyword(""));
    }

    [Theory]
    [InlineData(0x00091010u)]
    [InlineData(0x00291001u)]
    [InlineData(0x60013000u)]
    [InlineData(0x00290005u)]
    public void Find_PrivateDataElement_ReturnsNullAndReadsAsUN(uint value)
    {
        var tag = new DicomTag(value);

        Assert.Null(DicomDictionary.Find(tag));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(tag));
        Assert.Equal(string.Empty, DicomDictionary.KeywordOf(tag));
    }

    [Theory]
    [InlineData(0x00090010u)]
    [InlineData(0x002900FFu)]
    [InlineData(0x60010010u)]
    public void Find_PrivateCreator_ReturnsPrivateCreatorLO(uint value)
    {
        var tag = new DicomTag(value);

        Assert.Equal("PrivateCreator", DicomDictionary.KeywordOf(tag));
        Assert.Equal(DicomVR.LO, DicomDictionary.ImplicitVR(tag));
    }

    [Theory]
    [InlineData(0x00080000u)]
    [InlineData(0x00090000u)]
    [InlineData(0x60020000u)]
    [InlineData(0x10100000u)]
    public void Find_GroupLength_ReturnsGenericGroupLengthUL(uint value)
    {
        var tag = new DicomTag(value);

        Assert.Equal("GenericGroupLength", DicomDictionary.KeywordOf(tag));
        Assert.Equal(DicomVR.UL, DicomDictionary.ImplicitVR(tag));
    }

    [Theory]
    [InlineData(0x00080002u)]
    [InlineData(0x00100001u)]
    [InlineData(0x00080202u)] // listed in PS3.6 without a keyword, so the generator leaves it out
    public void Find_UnknownStandardTag_ReturnsNullAndReadsAsUN(uint value)
    {
        var tag = new DicomTag(value);

        Assert.Null(DicomDictionary.Find(tag));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(tag));
        Assert.Equal(string.Empty, DicomDictionary.KeywordOf(tag));
    }

    [Fact]
    public void Generate_CurrentAttributesJson_MatchesCheckedInFile()
    {
        var root = FindRepositoryRoot();
        var attributes = Path.Combine(root, "..", "shared", "dicom-standard", "attributes.json");
        if (!File.Exists(attributes))
        {
            _output.WriteLine($"SKIPPED: {attributes} not found; cannot check the generated dictionary is current.");
            return;
        }

        var license = Path.Combine(Path.GetDirectoryName(attributes)!, "LICENSE.txt");
        var expected = DicomDictionarySourceWriter.Generate(File.ReadAllText(attributes), File.ReadAllText(license));
        var checkedIn = File.ReadAllText(Path.Combine(
            root, "src", "Handoff.Dicom", "Dictionary", "Generated", "DicomDictionary.Entries.g.cs"));

        // A CRLF checkout is not staleness; anything else is, and the message says how to fix it.
        if (expected != checkedIn.ReplaceLineEndings("\n"))
            Assert.Fail($"DicomDictionary.Entries.g.cs is out of date; run: {DicomDictionarySourceWriter.RegenerateCommand}");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"Platform.sln not found above {AppContext.BaseDirectory}");
    }
}
