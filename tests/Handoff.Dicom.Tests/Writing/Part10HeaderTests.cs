using Handoff.Dicom.IO;

namespace Handoff.Dicom.Tests.Writing;

/// <summary>
/// A data set received over the network becomes a Part 10 file by a header written in front of its bytes: the file
/// reads back with the request's UIDs, syntax and sending AE in its meta, and its data set begins where the reader
/// says, byte for byte the bytes that followed the header.
/// </summary>
public sealed class Part10HeaderTests
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("rtplan.dcm")]
    [InlineData("JPEG2000.dcm")]
    public void WritePart10Header_ThenTheDataSetBytes_ReadsBackWithTheMetaAndTheSameDataSet(string name)
    {
        var original = DicomFile.Open(Path.Combine(Corpus, name), new DicomReadOptions { StopBeforePixelData = true });
        var dataSet = File.ReadAllBytes(Path.Combine(Corpus, name))[(int)original.DatasetOffset..];
        var sopClass = original.Dataset.GetString(DicomTag.SOPClassUID)!;
        var sopInstance = original.Dataset.GetString(DicomTag.SOPInstanceUID)!;

        using var stream = new MemoryStream();
        DicomFile.WritePart10Header(stream, sopClass, sopInstance, original.TransferSyntax.Uid, "CT_SCANNER");
        var headerLength = stream.Length;
        stream.Write(dataSet);
        var copy = DicomFile.Read(stream.ToArray());

        Assert.Equal(headerLength, copy.DatasetOffset);
        Assert.Equal(original.TransferSyntax.Uid, copy.TransferSyntax.Uid);
        Assert.Equal(sopInstance, copy.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
        Assert.Equal(sopClass, copy.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID));
        Assert.Equal("CT_SCANNER", copy.FileMetaInformation.GetString(DicomTag.SourceApplicationEntityTitle));
        Assert.Equal(sopInstance, copy.Dataset.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(original.Dataset.GetString(DicomTag.PatientID), copy.Dataset.GetString(DicomTag.PatientID));
    }
}
