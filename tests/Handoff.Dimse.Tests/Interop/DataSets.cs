using Handoff.Dicom;
using Handoff.Dicom.IO;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>Real files to send, and a comparison of what arrived with what was sent.</summary>
internal static class DataSets
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>pydicom corpus files in five transfer syntaxes: explicit and implicit little endian, JPEG lossy, RLE, JPEG 2000.</summary>
    public static IReadOnlyList<string> MixedSyntaxes { get; } =
        [.. new[] { "CT_small.dcm", "rtplan.dcm", "JPEG-lossy.dcm", "MR_small_RLE.dcm", "JPEG2000.dcm" }.Select(f => Path.Combine(Corpus, f))];

    /// <summary>The files grouped by the storescu option that proposes their syntax.</summary>
    public static IEnumerable<(string[] Files, string[] Proposal)> BySyntaxFamily()
    {
        yield return ([MixedSyntaxes[0]], ["-R"]); // explicit little endian
        yield return ([MixedSyntaxes[1]], ["-xi"]); // implicit little endian only
        yield return ([MixedSyntaxes[2]], ["-R", "-xx"]); // JPEG extended (process 2+4)
        yield return ([MixedSyntaxes[3]], ["-R", "-xr"]); // RLE
        yield return ([MixedSyntaxes[4]], ["-R", "-xw"]); // JPEG 2000
    }

    /// <summary>The data set's bytes as encoded in a file (after its meta group) and its transfer syntax.</summary>
    public static (byte[] DataSet, string TransferSyntax, string SopInstanceUid) Read(string path)
    {
        var file = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
        var bytes = File.ReadAllBytes(path);
        return (bytes[(int)file.DatasetOffset..], file.TransferSyntax.Uid, file.Dataset.GetString(DicomTag.SOPInstanceUID)!);
    }

    /// <summary>Asserts that <paramref name="received"/> holds the data set of <paramref name="sent"/> byte for byte, in its syntax.</summary>
    public static void AssertSameDataSet(string sent, string received)
    {
        var expected = Read(sent);
        var actual = Read(received);
        Assert.Equal(expected.TransferSyntax, actual.TransferSyntax);
        Assert.Equal(expected.SopInstanceUid, actual.SopInstanceUid);
        Assert.True(expected.DataSet.AsSpan().SequenceEqual(actual.DataSet), $"{received}: the data set differs from {sent}'s ({actual.DataSet.Length} bytes against {expected.DataSet.Length})");
    }
}
