using System.Text;
using System.Text.Json;
using Handoff.Dicom.Json;
using Handoff.Dicom.Tests.Support;

namespace Handoff.Dicom.Tests.Corpus;

/// <summary>
/// Values with NUL bytes where DICOM pads with spaces (an Accession Number of two NULs, a description ending in
/// NULs) read and convert to JSON as dcmtk's dcm2json makes them: the NULs are part of the value. A UID's trailing NUL
/// is its padding and goes.
/// </summary>
public sealed class NulPaddingTests
{
    [Fact]
    public void Json_NulPaddedTextValues_AgreeWithDcm2Json()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "nul.dcm");
        var dataset = new DicomDataset()
            .Set(DicomTag.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.10.543.77")
            .Set(DicomTag.AccessionNumber, DicomVR.SH, Encoding.ASCII.GetBytes("\0\0"))
            .Set(DicomTag.StudyDescription, DicomVR.LO, Encoding.ASCII.GetBytes("HEAD\0\0"))
            .Set(DicomTag.StudyInstanceUID, DicomVR.UI, Encoding.ASCII.GetBytes("1.2.3.4\0"));
        var meta = new DicomDataset().Set(DicomTag.TransferSyntaxUID, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        new DicomFile(meta, dataset, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);

        var oracle = Dcm2JsonOracle.Run(path) ?? throw new InvalidOperationException("dcm2json could not read the file");
        var ours = JsonDocument.Parse(new DicomJsonWriter().WriteToString(DicomFile.Open(path).Dataset)).RootElement;

        foreach (var tag in new[] { "00080050", "00081030", "0020000D" })
            Assert.True(JsonElement.DeepEquals(oracle.GetProperty(tag), ours.GetProperty(tag)), $"{tag}: dcm2json {oracle.GetProperty(tag)}, Handoff {ours.GetProperty(tag)}");
        Assert.Equal("\0\0", DicomFile.Open(path).Dataset.GetString(DicomTag.AccessionNumber));
        Assert.Empty(OracleComparer.Compare(oracle, DicomFile.Open(path).Dataset));
    }
}
