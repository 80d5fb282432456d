using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Dicom.Synthetic;
using Handoff.Testing;

namespace Handoff.Cli.Tests;

/// <summary>`handoff dicom index`: what a transfer-centre operator sees when pointing Handoff at a folder.</summary>
public sealed class IndexCommandTests
{
    private const int Seed = 23;

    [Fact]
    public void Index_SynthStudyWithJunkFile_ReportsStudyCountsBytesAndJunk()
    {
        using var folder = new TempFolder();
        var synth = ProcessRunner.Handoff("dicom", "synth", "--out", folder.Path, "--slices", "4", "--series", "2", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(synth.ExitCode == 0, synth.ToString());
        var dicomBytes = folder.Files().Sum(file => new FileInfo(file).Length);
        var junk = folder.Combine("series-01", "notes.txt");
        File.WriteAllText(junk, "Patient transferred at 03:10, CT head attached.\n");

        var result = ProcessRunner.Handoff("dicom", "index", "--json", folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("notes.txt", line, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var study = Assert.Single(json.RootElement.GetProperty("studies").EnumerateArray().ToList());
        Assert.Equal(SyntheticCtStudy.Uid(Seed, "study"), study.GetProperty("studyInstanceUid").GetString());
        Assert.Equal($"SYNTHETIC^PATIENT{Seed}", study.GetProperty("patientName").GetString());
        Assert.Equal("20260101", study.GetProperty("studyDate").GetString());
        Assert.Equal(["CT"], study.GetProperty("modalities").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(2, study.GetProperty("seriesCount").GetInt32());
        Assert.Equal(4, study.GetProperty("instanceCount").GetInt32());
        Assert.Equal(dicomBytes, study.GetProperty("totalBytes").GetInt64());
        Assert.Equal(5, json.RootElement.GetProperty("filesScanned").GetInt32());
    }

    [Fact]
    public void Index_SynthStudy_PrintsTableRowWithUidAndCounts()
    {
        using var folder = new TempFolder();
        ProcessRunner.Handoff("dicom", "synth", "--out", folder.Path, "--slices", "3", "--seed", "24");
        var bytes = folder.Files().Sum(file => new FileInfo(file).Length);

        var result = ProcessRunner.Handoff("dicom", "index", folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.ErrorLines);
        var row = Assert.Single(result.StandardOutput.Split('\n'), line => line.StartsWith(SyntheticCtStudy.Uid(24, "study"), StringComparison.Ordinal));
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("2026-01-01", cells);
        Assert.Contains("CT", cells);
        Assert.Contains("3", cells);
        Assert.Contains(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), cells);
    }

    [Fact]
    public void Index_MissingDirectory_ExitsNonZeroWithOneLine()
    {
        var missing = Path.Combine(Path.GetTempPath(), "handoff-missing-" + Guid.NewGuid().ToString("N"));

        var result = ProcessRunner.Handoff("dicom", "index", missing);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(missing, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
