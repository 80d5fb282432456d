using Handoff.Cli.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Cli.Tests;

/// <summary>
/// Every failure is one line on stderr and a non-zero exit code: what a script can test and a person can act on.
/// </summary>
public sealed class ErrorReportingTests
{
    [Theory]
    [InlineData("dump")]
    [InlineData("json")]
    public void Command_TruncatedFile_ExitsNonZeroWithOneLineNamingPathAndOffset(string command)
    {
        var path = Corpus.TestFile("rtplan_truncated.dcm");

        var result = ProcessRunner.Handoff("dicom", command, path);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("offset", line, StringComparison.Ordinal);
        Assert.Matches(@"offset \d+", line);
    }

    [Theory]
    [InlineData("dump")]
    [InlineData("json")]
    public void Command_MissingFile_ExitsNonZeroWithOneLineNamingPath(string command)
    {
        var missing = Path.Combine(Path.GetTempPath(), "handoff-missing-" + Guid.NewGuid().ToString("N") + ".dcm");

        var result = ProcessRunner.Handoff("dicom", command, missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public void Command_TextFile_ExitsNonZeroSayingNotDicom()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("report.txt");
        File.WriteAllText(path, "Discharge summary: see attached images.\n");

        var result = ProcessRunner.Handoff("dicom", "dump", path);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("not DICOM", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dicom", "dump")]
    [InlineData("dicom", "frobnicate")]
    [InlineData("dicom", "index", "--no-such-option", "/tmp")]
    [InlineData("dicom")]
    public void Command_BadArguments_ExitsWithUsageCodeAndOneLine(params string[] arguments)
    {
        var result = ProcessRunner.Handoff(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void Root_NoArguments_PrintsHelpListingDicomCommands()
    {
        var result = ProcessRunner.Handoff();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dicom", result.StandardOutput, StringComparison.Ordinal);
    }
}
