using Handoff.Cli.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Cli.Tests;

/// <summary>`handoff dicom synth`: the synthetic studies every other test and benchmark relies on.</summary>
public sealed class SynthCommandTests
{
    [Fact]
    public void Synth_ThreeSlicesTwoSeries_WritesFilesDcmdumpAndDciodvfyAccept()
    {
        using var folder = new TempFolder();

        var result = ProcessRunner.Handoff("dicom", "synth", "--out", folder.Path, "--slices", "3", "--series", "2", "--seed", "11");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 instances", result.StandardOutput, StringComparison.Ordinal);
        var files = folder.Files();
        Assert.Equal(3, files.Count);
        foreach (var file in files)
        {
            var dump = ProcessRunner.Run("dcmdump", file);
            Assert.True(dump.ExitCode == 0 && dump.StandardError.Length == 0, $"dcmdump {file}: {dump}");
            var verify = ProcessRunner.Run("dciodvfy", file);
            var errors = (verify.StandardOutput + verify.StandardError).Split('\n')
                .Where(line => line.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"dciodvfy {file}:\n{string.Join('\n', errors)}");
        }
    }

    [Fact]
    public void Synth_SameSeedTwice_WritesIdenticalBytes()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        var a = ProcessRunner.Handoff("dicom", "synth", "--out", first.Path, "--slices", "2", "--seed", "5");
        var b = ProcessRunner.Handoff("dicom", "synth", "--out", second.Path, "--slices", "2", "--seed", "5");

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, $"{a}\n{b}");
        var left = first.Files();
        var right = second.Files();
        Assert.Equal(left.Select(Path.GetFileName), right.Select(Path.GetFileName));
        for (var i = 0; i < left.Count; i++)
            Assert.True(File.ReadAllBytes(left[i]).AsSpan().SequenceEqual(File.ReadAllBytes(right[i])), $"{left[i]} differs from {right[i]}");
    }

    [Fact]
    public void Synth_DifferentSeeds_WriteDifferentStudies()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        ProcessRunner.Handoff("dicom", "synth", "--out", first.Path, "--slices", "1", "--seed", "5");
        ProcessRunner.Handoff("dicom", "synth", "--out", second.Path, "--slices", "1", "--seed", "6");

        var left = File.ReadAllBytes(Assert.Single(first.Files()));
        var right = File.ReadAllBytes(Assert.Single(second.Files()));
        Assert.False(left.AsSpan().SequenceEqual(right));
        var leftStudy = StudyUidOf(first.Files()[0]);
        Assert.NotEqual(leftStudy, StudyUidOf(second.Files()[0]));
    }

    [Theory]
    [InlineData("--slices", "0")]
    [InlineData("--slices", "two")]
    public void Synth_InvalidSliceCount_ExitsWithOneUsageLine(string option, string value)
    {
        using var folder = new TempFolder();

        var result = ProcessRunner.Handoff("dicom", "synth", "--out", folder.Path, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Empty(folder.Files());
    }

    private static string StudyUidOf(string path)
    {
        var dump = ProcessRunner.Run("dcmdump", "+P", "0020,000d", path);
        return dump.StandardOutput.Trim();
    }
}
