namespace Handoff.Dicom.Tests.Corpus;

/// <summary>
/// Every value Handoff reads from a corpus file equals what dcmtk's dcm2json makes of it, for every file dcm2json can
/// read. The files it cannot read are listed with the reason, and a test holds each of them to that reason: a file
/// can never drop out of the comparison unnoticed, and the comparison is known to cover most of the corpus.
/// </summary>
public class Dcm2JsonAgreementTests
{
    /// <summary>Files Handoff reads but dcm2json (dcmtk 3.6.7 on Debian 12) cannot: the charset and round-trip tests cover them.</summary>
    public static readonly IReadOnlyDictionary<string, string> OracleCannotRead = new Dictionary<string, string>
    {
        ["charset_files/chrH31.dcm"] = "ISO 2022 IR 87, which dcmtk's iconv cannot convert",
        ["charset_files/chrH32.dcm"] = "ISO 2022 IR 87",
        ["charset_files/chrJapMulti.dcm"] = "ISO 2022 IR 87",
        ["charset_files/chrJapMultiExplicitIR6.dcm"] = "ISO 2022 IR 87",
        ["charset_files/chrSQEncoding1.dcm"] = "ISO 2022 IR 87",
        ["test_files/J2K_pixelrep_mismatch.dcm"] = "ISO 2022 IR 87",
        ["test_files/SC_rgb_jpeg.dcm"] = "implicit VR under an explicit VR transfer syntax, which dcmtk cannot parse",
    };

    /// <summary>The corpus files Handoff reads, today; the comparison must cover at least this many of them.</summary>
    private const int MinimumCompared = 150;

    public static TheoryData<string> ComparedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in CorpusFiles.All())
        {
            if (!CorpusParseTests.ExpectedFailures.ContainsKey(file) && !OracleCannotRead.ContainsKey(file))
                data.Add(file);
        }
        return data;
    }

    public static TheoryData<string> UnreadableByOracle() => new(OracleCannotRead.Keys);

    [Theory]
    [MemberData(nameof(ComparedFiles))]
    public void Open_CorpusFile_EveryNonBinaryValueEqualsDcm2Json(string relative)
    {
        var path = CorpusFiles.FullPath(relative);
        var oracle = Dcm2JsonOracle.Run(path);
        Assert.True(oracle is not null, $"{relative}: dcm2json cannot read it; if that is right, list it in {nameof(OracleCannotRead)} with the reason");
        var file = DicomFile.Open(path);
        var differences = OracleComparer.Compare(oracle.Value, file.Dataset);
        Assert.True(differences.Count == 0, $"{relative}:\n{string.Join("\n", differences.Take(40))}");
    }

    [Theory]
    [MemberData(nameof(UnreadableByOracle))]
    public void Dcm2Json_FileListedAsUnreadable_StillCannotReadIt_AndHandoffCan(string relative)
    {
        var path = CorpusFiles.FullPath(relative);
        Assert.True(Dcm2JsonOracle.Run(path) is null, $"{relative}: dcm2json reads it now; remove it from {nameof(OracleCannotRead)} so it is compared");
        Assert.NotEmpty(DicomFile.Open(path).Dataset);
    }

    [Fact]
    public void ComparedFiles_CoverTheCorpus_AtLeastTheKnownNumber()
    {
        Assert.InRange(ComparedFiles().Count, MinimumCompared, int.MaxValue);
    }
}
