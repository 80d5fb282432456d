using Handoff.Cli.Tests.Infrastructure;

namespace Handoff.Cli.Tests;

/// <summary>`handoff dicom dump`: a dcmdump-style listing people can read.</summary>
public sealed class DumpCommandTests
{
    [Fact]
    public void Dump_CtSmall_ShowsPatientNameNestedItemsAndPrivateCreators()
    {
        var result = ProcessRunner.Handoff("dicom", "dump", Corpus.TestFile("CT_small.dcm"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("(0010,0010) PN [CompressedSamples^CT1]", StringComparison.Ordinal) && line.EndsWith("PatientName", StringComparison.Ordinal));
        // OtherPatientIDsSequence: two items, their elements indented one level deeper than the item markers.
        Assert.Contains(lines, line => line.StartsWith("(0010,1002) SQ", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(line => line.StartsWith("  (fffe,e000) na", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith("    (0010,0020) LO [ABCD1234]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("(0009,1001) LO [GE_GENESIS_FF]", StringComparison.Ordinal) && line.Contains("GEMS_IDEN_01", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("(0002,0010) UI [1.2.840.10008.1.2.1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Dump_PixelData_ShowsFewValuesAndFullLength()
    {
        var result = ProcessRunner.Handoff("dicom", "dump", Corpus.TestFile("CT_small.dcm"));

        var pixel = Assert.Single(result.StandardOutput.Split('\n'), line => line.StartsWith("(7fe0,0010) OW", StringComparison.Ordinal));
        Assert.Contains("00af\\00b4\\", pixel, StringComparison.Ordinal);
        Assert.Contains("...", pixel, StringComparison.Ordinal);
        Assert.Contains("# 32768, 1 PixelData", pixel, StringComparison.Ordinal);
        Assert.True(pixel.Length < 140, pixel);
    }

    [Fact]
    public void Dump_JapaneseCharacterSet_DecodesAllThreeNameGroups()
    {
        var result = ProcessRunner.Handoff("dicom", "dump", Corpus.CharsetFile("chrH31.dcm"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[Yamada^Tarou=山田^太郎=やまだ^たろう]", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_EncapsulatedPixelData_ListsFragmentsAsItems()
    {
        var result = ProcessRunner.Handoff("dicom", "dump", Corpus.TestFile("JPEG2000.dcm"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("(7fe0,0010) OB (PixelSequence #=2)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("  (fffe,e000) pi ff\\4f\\ff\\51", StringComparison.Ordinal));
    }
}
