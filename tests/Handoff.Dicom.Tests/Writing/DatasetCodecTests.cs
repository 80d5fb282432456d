using Handoff.Dicom.IO;

namespace Handoff.Dicom.Tests.Writing;

/// <summary>A bare data set (a query identifier) round-trips in implicit and explicit VR little endian; other syntaxes are refused.</summary>
public sealed class DatasetCodecTests
{
    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    public void EncodeThenDecode_StringsAndASequence_ComeBackEqual(string syntaxUid)
    {
        var syntax = DicomTransferSyntax.FromUid(syntaxUid);
        var item = new DicomDataset().Set(DicomTag.StudyInstanceUID, DicomVR.UI, "1.2.3.4");
        var identifier = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY")
            .Set(DicomTag.PatientID, DicomVR.LO, "P-0042")
            .Set(DicomTag.StudyDescription, DicomVR.LO, "")
            .Set(new DicomTag(0x0008, 0x1110), [item]); // Referenced Study Sequence

        var bytes = DicomDatasetCodec.Encode(identifier, syntax);
        var decoded = DicomDatasetCodec.Decode(bytes, syntax);

        Assert.Equal("STUDY", decoded.GetString(DicomTag.QueryRetrieveLevel));
        Assert.Equal("P-0042", decoded.GetString(DicomTag.PatientID));
        Assert.Equal("", decoded.GetString(DicomTag.StudyDescription));
        var sequence = Assert.IsType<DicomSequence>(decoded.Find(new DicomTag(0x0008, 0x1110)));
        Assert.Equal("1.2.3.4", Assert.Single(sequence.Items).GetString(DicomTag.StudyInstanceUID));
        Assert.Equal(0, bytes.Length % 2);
    }

    [Fact]
    public void Encode_EncapsulatedSyntax_Refused()
    {
        Assert.Throws<NotSupportedException>(() => DicomDatasetCodec.Encode(new DicomDataset(), DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.50")));
    }
}
