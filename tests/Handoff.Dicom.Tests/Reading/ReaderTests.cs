using Handoff.Dicom.Tests.Corpus;
using Handoff.Dicom.Tests.Support;

namespace Handoff.Dicom.Tests.Reading;

public class ReaderTests
{
    private static DicomFile Corpus(string name) => DicomFile.Open(Path.Combine(CorpusFiles.TestFiles, name));

    [Theory]
    [InlineData("MR_small_bigendian.dcm")]
    [InlineData("MR_small_implicit.dcm")]
    [InlineData("MR_small_expb.dcm")]
    public void Open_SameImageInAnotherTransferSyntax_ReadsTheSameDataset(string twin)
    {
        var reference = Corpus("MR_small.dcm").Dataset;
        var other = Corpus(twin).Dataset;
        var differences = DatasetComparer.Differences(reference, other);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Open_BigEndian_BinaryValuesComeOutInMachineOrder()
    {
        var file = Corpus("MR_small_bigendian.dcm");
        Assert.True(file.TransferSyntax.IsBigEndian);
        Assert.Equal((ushort)64, file.Dataset.GetUInt16(new DicomTag(0x0028, 0x0010)));
        Assert.Equal(16, file.Dataset.GetInteger(DicomTag.BitsAllocated));
        var pixels = file.Dataset.GetBinaryValues<short>(DicomTag.PixelData);
        var littleEndianPixels = Corpus("MR_small.dcm").Dataset.GetBinaryValues<short>(DicomTag.PixelData);
        Assert.Equal(littleEndianPixels, pixels);
    }

    [Fact]
    public void Open_UNOfUndefinedLength_ReadsTheImplicitSequenceInside()
    {
        var dataset = Corpus("UN_sequence.dcm").Dataset;
        var sequence = Assert.IsType<DicomSequence>(dataset.Find(new DicomTag(0x4453, 0x100C)));
        var item = Assert.Single(sequence.Items);
        Assert.Equal("1.2.840.113619.2.327.3.185221411.476.1398588725.795", item.GetString(DicomTag.StudyInstanceUID));
        var referencedSop = item.GetSequence(new DicomTag(0x0008, 0x1115))!.Items[0].GetSequence(new DicomTag(0x0008, 0x1199))!.Items[0];
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", referencedSop.GetString(new DicomTag(0x0008, 0x1150)));
    }

    [Fact]
    public void Open_DataSetTrailingPadding_IsIgnored()
    {
        var bytes = File.ReadAllBytes(Path.Combine(CorpusFiles.TestFiles, "MR_small.dcm"));
        Assert.True(bytes.AsSpan().IndexOf(new byte[] { 0xFC, 0xFF, 0xFC, 0xFF }) > 0, "the corpus file should have trailing padding");
        var dataset = DicomFile.Read(bytes).Dataset;
        Assert.False(dataset.Contains(DicomTag.DataSetTrailingPadding));
        Assert.True(dataset.Contains(DicomTag.PixelData));
    }

    [Fact]
    public void Open_DeflatedTransferSyntax_InflatesAndReadsEverything()
    {
        var file = Corpus("image_dfl.dcm");
        Assert.True(file.TransferSyntax.IsDeflated);
        Assert.Equal("OT", file.Dataset.GetString(DicomTag.Modality));
        var pixels = Assert.IsType<DicomElement>(file.Dataset.Find(DicomTag.PixelData));
        Assert.Equal(262144, pixels.Value.Length);
    }

    [Fact]
    public void Open_EncapsulatedPixelData_KeepsOffsetTableAndFragmentsUndecoded()
    {
        var file = Corpus("JPEG2000.dcm");
        Assert.True(file.TransferSyntax.IsEncapsulated);
        var fragments = Assert.IsType<DicomFragments>(file.Dataset.Find(DicomTag.PixelData));
        Assert.Equal(DicomVR.OB, fragments.VR);
        var first = fragments.Fragments[0].GetBytes().Span;
        Assert.True(first[0] == 0xFF && first[1] == 0x4F, "a JPEG 2000 codestream starts with SOC (FF4F)");
    }

    [Fact]
    public void Open_JpegFragmentWithSequenceDelimiterBytesInside_ReadsByLength()
    {
        var file = Corpus("JPEG2000-embedded-sequence-delimiter.dcm");
        var fragments = Assert.IsType<DicomFragments>(file.Dataset.Find(DicomTag.PixelData));
        Assert.Single(fragments.Fragments);
    }

    [Fact]
    public void Open_PrivateElements_ResolveThroughTheirCreator()
    {
        var dataset = Corpus("priv_SQ.dcm").Dataset;
        var tag = dataset.ResolvePrivateTag(0x3F03, "aaabbbccc MEDICAL SYSTEMS", 0x01);
        Assert.Equal(new DicomTag(0x3F03, 0x1001), tag);
        Assert.NotNull(dataset.FindPrivate(0x3F03, "aaabbbccc MEDICAL SYSTEMS", 0x01));
        Assert.Equal("aaabbbccc MEDICAL SYSTEMS", dataset.PrivateCreatorOf(new DicomTag(0x3F03, 0x1001)));
        Assert.Null(dataset.ResolvePrivateTag(0x3F03, "SOMEONE ELSE", 0x01));
    }

    [Fact]
    public void Read_Part10WithoutPreamble_ReadsMetaAndDataset()
    {
        var bytes = File.ReadAllBytes(Path.Combine(CorpusFiles.TestFiles, "CT_small.dcm"));
        var withPreamble = DicomFile.Read(bytes);
        var withoutPreamble = DicomFile.Read(bytes.AsMemory(132));
        Assert.True(withPreamble.HasPreamble);
        Assert.False(withoutPreamble.HasPreamble);
        Assert.Equal(withPreamble.TransferSyntax, withoutPreamble.TransferSyntax);
        Assert.Empty(DatasetComparer.Differences(withPreamble.Dataset, withoutPreamble.Dataset));
    }

    [Fact]
    public void Read_BareDatasetWithoutMeta_DetectsItsEncoding()
    {
        var file = Corpus("ExplVR_BigEndNoMeta.dcm");
        Assert.Equal(0, file.FileMetaInformation.Count);
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal("RTPLAN", file.Dataset.GetString(DicomTag.Modality));
        var littleEndian = Corpus("ExplVR_LitEndNoMeta.dcm");
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, littleEndian.TransferSyntax);
    }

    [Fact]
    public void Open_MetaWithoutGroupLength_FindsWhereTheMetaEnds()
    {
        var file = Corpus("no_meta_group_length.dcm");
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("IVIEW", file.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0016)));
        Assert.Equal("20111130", file.Dataset.GetString(new DicomTag(0x0008, 0x0012)));
    }

    [Fact]
    public void Read_ImplicitVR_ResolvesUSOrSSFromPixelRepresentation()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.PixelRepresentation, DicomVR.US, (ushort)1)
            .Set(new DicomTag(0x0028, 0x0106), DicomVR.SS, unchecked((ushort)-5));
        var implicitBytes = ImplicitVRWriter.Write(dataset);
        var read = DicomFile.Read(implicitBytes).Dataset;
        Assert.Equal(DicomVR.SS, read.Find(new DicomTag(0x0028, 0x0106))!.VR);
        Assert.Equal(-5, read.GetInteger(new DicomTag(0x0028, 0x0106)));
    }
}
