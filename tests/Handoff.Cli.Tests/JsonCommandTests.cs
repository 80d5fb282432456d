using System.Text.Json;
using Handoff.Cli.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Cli.Tests;

/// <summary>`handoff dicom json`: the DICOM JSON Model, checked against dcmtk's dcm2json as the oracle.</summary>
public sealed class JsonCommandTests
{
    // (FFFC,FFFC) Data Set Trailing Padding: dcm2json prints it, Handoff's reader drops it on purpose because
    // PS3.10 7.2 gives it no meaning. Nothing else is excused.
    private const string TrailingPadding = "FFFCFFFC";

    public static TheoryData<string> OracleFiles =>
    [
        "test_files/CT_small.dcm",
        "test_files/MR_small.dcm",
        "test_files/MR_small_bigendian.dcm",
        "test_files/MR_small_implicit.dcm",
        "test_files/rtplan.dcm",
        "test_files/rtstruct.dcm",
        "test_files/test-SR.dcm",
        "test_files/waveform_ecg.dcm",
        "test_files/reportsi_with_empty_number_tags.dcm",
        "test_files/UN_sequence.dcm",
        "charset_files/chrFren.dcm",
        "charset_files/chrI2.dcm",
        "charset_files/chrX1.dcm",
        "charset_files/chrRuss.dcm",
    ];

    [Theory]
    [MemberData(nameof(OracleFiles))]
    public void Json_CorpusFile_MatchesDcm2json(string relativePath) =>
        AssertMatchesDcm2json(Path.Combine(Corpus.Root, relativePath), relativePath);

    [Fact]
    public void Json_SynthSliceFullyInlined_MatchesDcm2json()
    {
        // The 512 KiB pixel data stays in the file when read and is streamed through base64 in pieces.
        using var folder = new TempFolder();
        ProcessRunner.Handoff("dicom", "synth", "--out", folder.Path, "--slices", "1", "--seed", "4");

        AssertMatchesDcm2json(Assert.Single(folder.Files()), "synthetic CT slice");
    }

    private static void AssertMatchesDcm2json(string path, string relativePath)
    {
        var oracle = ProcessRunner.Run("dcm2json", "-fc", path);
        Assert.True(oracle.ExitCode == 0, $"dcm2json {relativePath}: {oracle}");

        // Everything inline, as dcm2json writes it, so pixel data is compared byte for byte too.
        var result = ProcessRunner.Handoff("dicom", "json", "--inline-threshold", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), path);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var actual = JsonDocument.Parse(result.StandardOutput);
        using var expected = JsonDocument.Parse(RemoveMember(oracle.StandardOutput, TrailingPadding));
        var differences = JsonSemanticComparer.Differences(actual.RootElement, expected.RootElement);
        Assert.True(differences.Count == 0, $"{relativePath}:\n{string.Join('\n', differences.Take(20))}");
    }

    [Fact]
    public void Json_AnyFile_ListsAttributesInAscendingTagOrder()
    {
        var result = ProcessRunner.Handoff("dicom", "json", Corpus.TestFile("rtplan.dcm"));

        using var json = JsonDocument.Parse(result.StandardOutput);
        var names = json.RootElement.EnumerateObject().Select(member => member.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(names, name => Assert.Matches("^[0-9A-F]{8}$", name));
    }

    [Fact]
    public void Json_PixelDataAboveThreshold_IsBulkDataUriNamingFileAndTag()
    {
        using var folder = new TempFolder();
        ProcessRunner.Handoff("dicom", "synth", "--out", folder.Path, "--slices", "1", "--seed", "3");
        var file = Assert.Single(folder.Files());

        var result = ProcessRunner.Handoff("dicom", "json", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var pixel = json.RootElement.GetProperty("7FE00010");
        Assert.Equal("OW", pixel.GetProperty("vr").GetString());
        Assert.False(pixel.TryGetProperty("InlineBinary", out _));
        var uri = new Uri(pixel.GetProperty("BulkDataURI").GetString()!);
        Assert.Equal(file, uri.LocalPath);
        Assert.Equal("#7FE00010", uri.Fragment);
        Assert.True(result.StandardOutput.Length < 16 * 1024, "the 512 KiB image must not be inlined");
    }

    [Fact]
    public void Json_Compact_IsOneLine()
    {
        var result = ProcessRunner.Handoff("dicom", "json", "--compact", Corpus.TestFile("CT_small.dcm"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string RemoveMember(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Name != name)
                    member.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
