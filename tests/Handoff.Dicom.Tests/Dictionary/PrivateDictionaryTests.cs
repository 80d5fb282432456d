using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Handoff.Dicom.Dictionary;
using Handoff.Dicom.DictionaryGenerator;
using Handoff.Dicom.Json;
using Handoff.Dicom.Tests.Corpus;
using Handoff.Dicom.Tests.Support;

namespace Handoff.Dicom.Tests.Dictionary;

/// <summary>
/// Private elements in implicit VR data get the VR their creator's dictionary gives, as dcmtk reports them: a real GE
/// CT (pydicom's CT_small.dcm, converted to implicit VR by dcmtk's dcmconv) read by Handoff names every private element
/// with dcmdump's VR, in the data set, in DICOM JSON, and after writing it back as explicit VR.
/// </summary>
public sealed partial class PrivateDictionaryTests
{
    [Fact]
    public void Find_GeIdentificationBlock_KnowsTheVR()
    {
        Assert.Equal(DicomVR.SL, PrivateDictionary.Find(new DicomTag(0x0009, 0x1027), "GEMS_IDEN_01")?.VR);
        Assert.Equal(DicomVR.SL, PrivateDictionary.Find(new DicomTag(0x0009, 0x1127), "GEMS_IDEN_01")?.VR); // block 11 of the same creator
        Assert.Null(PrivateDictionary.Find(new DicomTag(0x0009, 0x1027), "NOBODY"));
        Assert.True(PrivateDictionary.Count > 2000);
    }

    [Fact]
    public void Open_ImplicitVrGeCt_EveryPrivateElementHasDcmdumpsVR_InJsonAndWhenWrittenBack()
    {
        using var folder = new TempDirectory();
        var implicitPath = folder.File("ct-implicit.dcm");
        var (converted, _, error) = Tool.Run("dcmconv", "+ti", Path.Combine(CorpusFiles.TestFiles, "CT_small.dcm"), implicitPath);
        Assert.True(converted == 0, error);
        var expected = DcmdumpPrivateVRs(implicitPath);
        Assert.True(expected.Count >= 100, $"dcmdump named only {expected.Count} private VRs");

        var file = DicomFile.Open(implicitPath);
        var json = JsonDocument.Parse(new DicomJsonWriter().WriteToString(file.Dataset)).RootElement;
        var explicitPath = folder.File("ct-explicit.dcm");
        file.Save(explicitPath);
        var written = DicomFile.Open(explicitPath).Dataset;

        foreach (var (tag, vr) in expected)
        {
            Assert.Equal(vr, file.Dataset.Find(tag)?.VR.Code());
            Assert.Equal(vr, json.GetProperty($"{tag.Group:X4}{tag.Element:X4}").GetProperty("vr").GetString());
            Assert.Equal(vr, written.Find(tag)?.VR.Code());
        }
        Assert.Empty(OracleComparer.Compare(Dcm2JsonOracle.Run(implicitPath)!.Value, file.Dataset));
    }

    [Fact]
    public void Generate_DebiansPrivateDic_MatchesCheckedInFile()
    {
        var source = PrivateDictionarySourceWriter.Generate(File.ReadAllText("/usr/share/libdcmtk17/private.dic"),
            PrivateDictionarySourceWriter.LicenceOf(File.ReadAllText("/usr/share/doc/dcmtk/copyright")));
        var checkedIn = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Handoff.Dicom", "Dictionary", "Generated", "PrivateDictionary.Entries.g.cs"));

        if (source != checkedIn.ReplaceLineEndings("\n"))
            Assert.Fail($"PrivateDictionary.Entries.g.cs is not what this machine's dcmtk gives; run: {PrivateDictionarySourceWriter.RegenerateCommand}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Platform.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The VR dcmdump gives each top-level private data element (not the creators) it knows.</summary>
    private static Dictionary<DicomTag, string> DcmdumpPrivateVRs(string path)
    {
        var (_, dump, _) = Tool.Run("dcmdump", "-q", path);
        var vrs = new Dictionary<DicomTag, string>();
        foreach (Match match in DumpLine().Matches(dump))
        {
            var tag = new DicomTag(ushort.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), ushort.Parse(match.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            if (tag.IsPrivate && tag.Element >= 0x1000 && match.Groups[3].Value != "??")
                vrs[tag] = match.Groups[3].Value;
        }
        return vrs;
    }

    [GeneratedRegex("^\\(([0-9a-f]{4}),([0-9a-f]{4})\\) ([A-Z?]{2}) ", RegexOptions.Multiline)]
    private static partial Regex DumpLine();
}
