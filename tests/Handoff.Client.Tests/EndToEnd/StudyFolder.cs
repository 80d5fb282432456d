using Handoff.Dicom;
using Handoff.Dicom.Synthetic;

namespace Handoff.Client.Tests.EndToEnd;

/// <summary>
/// A synthetic CT study written as DIR/&lt;study&gt;/&lt;series&gt;/&lt;sop&gt;.dcm, the layout a receive writes and
/// <see cref="FolderInstanceSource.FromReceivedLayout"/> sends, and a way to compare two such folders byte for byte.
/// </summary>
internal static class StudyFolder
{
    public static void Write(string directory, int seed, int slices, int series = 1)
    {
        var staging = Path.Combine(directory, ".staging");
        foreach (var path in SyntheticCtStudy.Write(staging, new SyntheticStudyOptions { Slices = slices, Series = series, Seed = seed, Rows = 256, Columns = 256 }))
        {
            var dataset = DicomFile.Open(path).Dataset;
            var target = ReceiveLayout.InstancePath(directory, dataset.GetString(DicomTag.StudyInstanceUID)!, dataset.GetString(DicomTag.SeriesInstanceUID)!, dataset.GetString(DicomTag.SOPInstanceUID)!);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(path, target);
        }
        Directory.Delete(staging, recursive: true);
    }

    /// <summary>Every file below the folder by relative path, with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Read(string directory)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(directory, path)] = File.ReadAllBytes(path);
        return files;
    }

    public static void AssertSame(string sent, string received)
    {
        var expected = Read(sent);
        var actual = Read(received);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }
}
