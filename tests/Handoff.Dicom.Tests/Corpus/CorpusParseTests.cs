using Handoff.Dicom.IO;

namespace Handoff.Dicom.Tests.Corpus;

public class CorpusParseTests
{
    /// <summary>
    /// Files that are not DICOM or are malformed on purpose, with why. Everything else in the corpus must parse.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ExpectedFailures = new Dictionary<string, string>
    {
        ["charset_files/FileInfo.txt"] = "text file",
        ["test_files/README.txt"] = "text file",
        ["test_files/dicomdirtests/README.txt"] = "text file",
        ["test_files/dicomdirtests/TINY_ALPHA/README"] = "text file",
        ["test_files/rtplan.dump"] = "text file (a dcmdump listing)",
        ["test_files/rtstruct.dump"] = "text file (a dcmdump listing)",
        ["test_files/test1.json"] = "JSON file",
        ["test_files/test_PN.json"] = "JSON file",
        ["test_files/zipMR.gz"] = "gzip archive",
        ["test_files/MR_truncated.dcm"] = "truncated inside Pixel Data",
        ["test_files/rtplan_truncated.dcm"] = "truncated inside a sequence",
        ["test_files/no_meta.dcm"] = "a stray byte before the first element; dcmtk rejects it too",
        ["test_files/dicomdirtests/DICOMDIR-nooffset"] = "the last directory record declares 248 bytes where 224 remain (24 bytes cut from the end)",
    };

    public static TheoryData<string> Files() => CorpusFiles.AllAsTheory();

    public static TheoryData<string> ReadableFiles() => CorpusFiles.ReadableAsTheory();

    [Theory]
    [MemberData(nameof(Files))]
    public void Open_CorpusFile_ParsesOrFailsAsListed(string relative)
    {
        var path = CorpusFiles.FullPath(relative);
        var error = Record.Exception(() => DicomFile.Open(path));
        if (ExpectedFailures.TryGetValue(relative, out var why))
        {
            Assert.True(error is DicomFormatException, $"{relative} should fail ({why}) but {(error is null ? "parsed" : error.GetType().Name + ": " + error.Message)}");
        }
        else
        {
            Assert.True(error is null, $"{relative}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Open_HeaderOnly_AgreesWithFullParseBeforePixelData(string relative)
    {
        var path = CorpusFiles.FullPath(relative);
        var full = DicomFile.Open(path);
        var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
        var expected = full.Dataset.Where(i => i.Tag.Value < 0x7FE00008).Select(i => i.Tag).ToList();
        Assert.Equal(expected, header.Dataset.Select(i => i.Tag).ToList());
    }
}
