using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Gateway.Tests;

/// <summary>What delivery tests wait for and compare: the transfer acknowledged at the source, and a file's data set without its meta header.</summary>
internal static class Delivered
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>The transfer once the destination's gateway acknowledged it, as the source sees it.</summary>
    public static async Task<Transfer> AcknowledgedAsync(HandoffApi source, string transferId)
    {
        using var client = source.CreateClient();
        return await Poll.ForAsync(async () =>
        {
            var transfer = await client.GetTransferAsync(transferId);
            return transfer.State == TransferState.Acknowledged ? transfer : null;
        }, Deadline, $"transfer {transferId} acknowledged by the destination's gateway");
    }

    private static readonly DicomTag OriginalAttributesSequence = new(0x0400, 0x0561);

    /// <summary>
    /// What a PACS holds for an instance sent without an Issuer of Patient ID: every element as sent (pixel data
    /// included, value for value), Issuer of Patient ID filled with the source facility's, and one Original
    /// Attributes Sequence item saying Handoff coerced it, with the issuer the instance had (none).
    /// </summary>
    public static void AssertHeldAsSentWithIssuer(byte[] sentFile, byte[] heldFile, string issuer)
    {
        var sent = Read(sentFile).Dataset;
        var held = Read(heldFile).Dataset;
        Assert.Equal(issuer, held.GetString(DicomTag.IssuerOfPatientID));
        var record = Assert.Single(held.GetSequence(OriginalAttributesSequence)!.Items);
        Assert.Equal("Handoff", record.GetString(new DicomTag(0x0400, 0x0563)));
        Assert.Equal("COERCE", record.GetString(new DicomTag(0x0400, 0x0565)));
        var originals = Assert.Single(record.GetSequence(new DicomTag(0x0400, 0x0550))!.Items);
        Assert.Equal("", originals.GetString(DicomTag.IssuerOfPatientID) ?? "");
        held.Remove(DicomTag.IssuerOfPatientID);
        held.Remove(OriginalAttributesSequence);
        sent.Remove(DicomTag.IssuerOfPatientID);
        Assert.Equal(DicomDatasetCodec.Encode(sent, DicomTransferSyntax.ExplicitVRLittleEndian), DicomDatasetCodec.Encode(held, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    private static DicomFile Read(byte[] file) => DicomFile.Read(file);
}
