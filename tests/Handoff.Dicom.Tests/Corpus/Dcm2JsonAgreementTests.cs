namespace Handoff.Dicom.Tests.Corpus;

public class Dcm2JsonAgreementTests
{
    public static TheoryData<string> Files() => CorpusFiles.AllAsTheory();

    [Theory]
    [MemberData(nameof(Files))]
    public void Open_CorpusFile_EveryNonBinaryValueEqualsDcm2Json(string relative)
    {
        if (CorpusParseTests.ExpectedFailures.ContainsKey(relative))
            return;
        var path = CorpusFiles.FullPath(relative);
        var oracle = Dcm2JsonOracle.Run(path);
        if (oracle is null)
            return; // dcmtk cannot read or convert it (ISO 2022 Japanese, for one): the charset tests cover those
        var file = DicomFile.Open(path);
        var differences = OracleComparer.Compare(oracle.Value, file.Dataset);
        Assert.True(differences.Count == 0, $"{relative}:\n{string.Join("\n", differences.Take(40))}");
    }
}
