using System.Buffers.Binary;
using Handoff.Dicom.Tests.Support;

namespace Handoff.Dicom.Tests.Model;

public class WriterTests
{
    [Fact]
    public void Save_FileMeta_HasCorrectGroupLengthAndHandoffIdentity()
    {
        using var temp = new TempDirectory();
        var path = temp.File("x.dcm");
        Minimal().Save(path);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal("DICM"u8.ToArray(), bytes[128..132]);
        Assert.Equal([0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0], bytes[132..140]);
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        var datasetStart = 144 + (int)groupLength;
        Assert.Equal(0x08, bytes[datasetStart]); // the data set's first group follows the meta exactly
        var file = DicomFile.Open(path);
        Assert.Equal(HandoffImplementation.ClassUid, file.FileMetaInformation.GetString(DicomTag.ImplementationClassUID));
        Assert.Equal(HandoffImplementation.VersionName, file.FileMetaInformation.GetString(DicomTag.ImplementationVersionName));
        Assert.Equal("1.2.3.4", file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
    }

    [Fact]
    public void Save_OddLengthValues_PadsUIWithNulAndTextWithSpace()
    {
        using var temp = new TempDirectory();
        var path = temp.File("x.dcm");
        Minimal().Save(path);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().IndexOf("1.2.840.10008.5.1.4.1.1.7\0"u8) > 0);
        Assert.True(bytes.AsSpan().IndexOf("ODD^NAMES "u8) > 0);
    }

    [Fact]
    public void Save_GroupLengthElements_AreDropped()
    {
        using var temp = new TempDirectory();
        var path = temp.File("x.dcm");
        var file = Minimal();
        file.Dataset.Set(new DicomTag(0x0008, 0x0000), DicomVR.UL, new byte[] { 1, 2, 3, 4 });
        file.Save(path);
        Assert.False(DicomFile.Open(path).Dataset.Contains(new DicomTag(0x0008, 0x0000)));
    }

    [Fact]
    public void Save_NewerLongLengthVRs_DcmtkReadsThemBack()
    {
        using var temp = new TempDirectory();
        var path = temp.File("x.dcm");
        var file = Minimal();
        file.Dataset.Set(new DicomTag(0x0008, 0x0119), DicomVR.UC, "long code value");
        file.Dataset.Set(new DicomTag(0x0008, 0x0120), DicomVR.UR, "http://example.org/x");
        file.Dataset.Set(new DicomTag(0x0072, 0x0082), DicomVR.SV, BitConverter.GetBytes(-7L));
        file.Dataset.Set(new DicomTag(0x0072, 0x0083), DicomVR.UV, BitConverter.GetBytes(7UL));
        file.Dataset.Set(new DicomTag(0x0066, 0x0040), DicomVR.OL, BitConverter.GetBytes(9));
        file.Save(path);

        var (exitCode, stdout, stderr) = Tool.Run("dcmdump", path);
        Assert.True(exitCode == 0 && stderr.Length == 0, stderr);
        Assert.Contains("(0008,0119) UC [long code value]", stdout, StringComparison.Ordinal);
        Assert.Contains("(0008,0120) UR [http://example.org/x]", stdout, StringComparison.Ordinal);
        Assert.Contains("(0072,0082) SV -7", stdout, StringComparison.Ordinal);
        Assert.Contains("(0072,0083) UV 7", stdout, StringComparison.Ordinal);
        var read = DicomFile.Open(path).Dataset;
        Assert.Equal(-7, read.GetInteger(new DicomTag(0x0072, 0x0082)));
        Assert.Equal("long code value", read.GetString(new DicomTag(0x0008, 0x0119)));
    }

    private static DicomFile Minimal()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3.4")
            .Set(DicomTag.PatientName, DicomVR.PN, "ODD^NAMES");
        return new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
    }
}
