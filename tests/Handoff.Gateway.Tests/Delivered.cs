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

    /// <summary>The bytes after the File Meta Information (a PACS may rewrite the meta header, never the data set).</summary>
    public static byte[] DataSetOf(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, file);
            return file[(int)DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).DatasetOffset..];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
