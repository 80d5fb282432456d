using System.Buffers.Binary;
using Handoff.Dicom.IO;
using Handoff.Dicom.Synthetic;
using Handoff.Dicom.Tests.Support;

namespace Handoff.Dicom.Tests.Reading;

public class LargeValueTests
{
    /// <summary>
    /// A 2 GiB pixel data element (a sparse file: the disk holds only the header) must cost kilobytes to read:
    /// the value stays a reference into the file.
    /// </summary>
    [Fact]
    public void Open_FileWithTwoGigabytePixelData_AllocatesKilobytesAndKeepsAReference()
    {
        using var temp = new TempDirectory();
        var path = WriteHugeSlice(temp, pixelBytes: 2L << 30);

        DicomFile.Open(path); // warm up: the first call pays for JIT and dictionary loading
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var pixels = Assert.IsType<DicomElement>(file.Dataset.Find(DicomTag.PixelData));
        Assert.False(pixels.Value.IsInline);
        Assert.Equal(2L << 30, pixels.Value.Length);
        Assert.True(allocated < 256 * 1024, $"reading the header allocated {allocated} bytes");
    }

    [Fact]
    public void Open_StopBeforePixelData_ReadsEverythingElseAndNotThePixels()
    {
        using var temp = new TempDirectory();
        var path = temp.File("slice.dcm");
        SyntheticCtStudy.CreateSlice(new SyntheticStudyOptions { Slices = 1 }, 0, 0).Save(path);

        var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
        Assert.True(header.StoppedBeforePixelData);
        Assert.False(header.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal("CT", header.Dataset.GetString(DicomTag.Modality));
    }

    [Fact]
    public void GetBytes_ReferencedValue_ReadsTheBytesFromTheFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("slice.dcm");
        var slice = SyntheticCtStudy.CreateSlice(new SyntheticStudyOptions { Slices = 1, Rows = 256, Columns = 256 }, 0, 0);
        slice.Save(path);
        var expected = ((DicomElement)slice.Dataset.Find(DicomTag.PixelData)!).Value.GetBytes().ToArray();

        var read = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 1024 });
        var value = ((DicomElement)read.Dataset.Find(DicomTag.PixelData)!).Value;
        Assert.False(value.IsInline);
        Assert.Equal(expected, value.GetBytes().ToArray());
        using var copy = new MemoryStream();
        value.CopyTo(copy);
        Assert.Equal(expected, copy.ToArray());
    }

    private static string WriteHugeSlice(TempDirectory temp, long pixelBytes)
    {
        var small = temp.File("small.dcm");
        SyntheticCtStudy.CreateSlice(new SyntheticStudyOptions { Slices = 1, Rows = 2, Columns = 2 }, 0, 0).Save(small);
        var bytes = File.ReadAllBytes(small);
        // The last element is Pixel Data (OW, 8 bytes): rewrite its length and extend the file sparsely.
        var lengthOffset = bytes.Length - 8 - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(lengthOffset), (uint)pixelBytes);
        var path = temp.File("huge.dcm");
        using (var stream = new FileStream(path, FileMode.Create))
        {
            stream.Write(bytes, 0, bytes.Length - 8);
            stream.SetLength(bytes.Length - 8 + pixelBytes);
        }
        return path;
    }
}
