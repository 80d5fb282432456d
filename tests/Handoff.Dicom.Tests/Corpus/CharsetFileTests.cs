namespace Handoff.Dicom.Tests.Corpus;

/// <summary>
/// The character-set files of the corpus: each Patient's Name, decoded from the file, is the name FileInfo.txt
/// gives (there as raw bytes; here as the Unicode those bytes mean in the listed character set).
/// </summary>
public class CharsetFileTests
{
    private static readonly Dictionary<string, string> ExpectedNames = new()
    {
        ["chrArab.dcm"] = "قباني^لنزار",
        ["chrFren.dcm"] = "Buc^Jérôme",
        ["chrFrenMulti.dcm"] = "Buc^Jérôme",
        ["chrGerm.dcm"] = "Äneas^Rüdiger",
        ["chrGreek.dcm"] = "Διονυσιος",
        ["chrH31.dcm"] = "Yamada^Tarou=山田^太郎=やまだ^たろう",
        ["chrH32.dcm"] = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
        ["chrHbrw.dcm"] = "שרון^דבורה",
        ["chrI2.dcm"] = "Hong^Gildong=洪^吉洞=홍^길동",
        ["chrRuss.dcm"] = "Люкceмбypг",
        ["chrX1.dcm"] = "Wang^XiaoDong=王^小東",
        ["chrX2.dcm"] = "Wang^XiaoDong=王^小东",
        // Listed under "Other" in FileInfo.txt, without their names:
        ["chrJapMulti.dcm"] = "やまだ^たろう",
        ["chrJapMultiExplicitIR6.dcm"] = "やまだ^たろう",
        ["chrKoreanMulti.dcm"] = "김희중",
        ["chrSQEncoding.dcm"] = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
        ["chrSQEncoding1.dcm"] = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
    };

    public static TheoryData<string> Names() => new(ExpectedNames.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void GetPersonName_CharsetFile_DecodesTheListedName(string file)
    {
        var dataset = DicomFile.Open(Path.Combine(CorpusFiles.CharsetFiles, file)).Dataset;
        var name = NameIn(dataset) ?? throw new Xunit.Sdk.XunitException($"{file}: no Patient's Name at any level");
        Assert.Equal(ExpectedNames[file], name.ToString());
    }

    [Fact]
    public void FileInfo_EveryListedFile_HasAnExpectedName()
    {
        var listed = File.ReadLines(Path.Combine(CorpusFiles.CharsetFiles, "FileInfo.txt"))
            .Select(line => line.Split(' ', 2)[0])
            .Where(first => first.EndsWith(".dcm", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, file => Assert.True(ExpectedNames.ContainsKey(file), $"{file} is listed in FileInfo.txt but not checked"));
        var onDisk = Directory.GetFiles(CorpusFiles.CharsetFiles, "*.dcm").Select(Path.GetFileName).ToList();
        Assert.All(onDisk, file => Assert.True(ExpectedNames.ContainsKey(file!), $"{file} is in the corpus but not checked"));
    }

    [Fact]
    public void GetStrings_SequenceItemWithItsOwnCharacterSet_UsesTheItemsCharacterSet()
    {
        // chrSQEncoding.dcm: the data set is ISO_IR 192, the item of (0032,1064) is ISO 2022 IR 13/87.
        var dataset = DicomFile.Open(Path.Combine(CorpusFiles.CharsetFiles, "chrSQEncoding.dcm")).Dataset;
        var item = dataset.GetSequence(new DicomTag(0x0032, 0x1064))!.Items[0];
        Assert.True(item.CharacterSet.IsIso2022);
        Assert.False(dataset.CharacterSet.IsIso2022);
        var name = item.GetPersonName(DicomTag.PatientName)!;
        Assert.Equal("山田", name.IdeographicComponents.Family);
        Assert.Equal("たろう", name.PhoneticComponents.Given);
    }

    private static DicomPersonName? NameIn(DicomDataset dataset)
    {
        if (dataset.GetPersonName(DicomTag.PatientName) is { } name)
            return name;
        foreach (var item in dataset)
        {
            if (item is DicomSequence sequence)
            {
                foreach (var child in sequence.Items)
                {
                    if (NameIn(child) is { } nested)
                        return nested;
                }
            }
        }
        return null;
    }
}
