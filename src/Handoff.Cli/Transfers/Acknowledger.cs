using Handoff.Cli.Commands;
using Handoff.Protos.V1;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Confirms receipt with every instance's content hash: the proof that what arrived is what was sent. A receipt
/// the server does not accept fails the command and names the instances that differ, are missing or unexpected.
/// </summary>
internal static class Acknowledger
{
    public static async Task<AcknowledgeResponse> AcknowledgeAsync(
        Downloads.DownloadsClient client,
        RetryPolicy retry,
        string transferId,
        IReadOnlyList<ReceiptEntry> receipt,
        CancellationToken cancellationToken)
    {
        var request = new AcknowledgeRequest { TransferId = transferId, RequestId = RequestIds.ForAcknowledge(transferId, receipt) };
        foreach (var entry in receipt)
        {
            request.Instances.Add(new InstanceReceipt
            {
                StudyInstanceUid = entry.StudyInstanceUid,
                SopInstanceUid = entry.SopInstanceUid,
                ContentHash = Google.Protobuf.ByteString.CopyFrom(entry.ContentHash),
            });
        }
        var response = await retry.RunAsync(token => client.AcknowledgeAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (!response.Accepted)
            throw new CliFailure(Describe(transferId, response), ExitCodes.VerificationFailed);
        return response;
    }

    /// <summary>Tells the server the destination has every instance (Available to Delivered); harmless when it already knows.</summary>
    public static async Task<Transfer> ReportDownloadedAsync(Downloads.DownloadsClient client, RetryPolicy retry, string transferId, CancellationToken cancellationToken)
    {
        var request = new ReportDownloadedRequest { TransferId = transferId };
        return await retry.RunAsync(token => client.ReportDownloadedAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(string transferId, AcknowledgeResponse response)
    {
        var parts = new List<string>();
        Add(parts, "content differs", response.MismatchedInstances);
        Add(parts, "missing", response.MissingInstances);
        Add(parts, "not in the transfer", response.UnexpectedInstances);
        var detail = parts.Count > 0 ? string.Join("; ", parts) : "no reason given";
        return $"transfer {transferId}: acknowledgement not accepted: {detail}";
    }

    private static void Add(List<string> parts, string label, IReadOnlyList<InstanceRef> instances)
    {
        if (instances.Count == 0)
            return;
        var shown = new List<string>();
        for (var i = 0; i < instances.Count && i < 5; i++)
            shown.Add($"{instances[i].SopInstanceUid} (study {instances[i].StudyInstanceUid})");
        var more = instances.Count > 5 ? $" and {instances.Count - 5} more" : string.Empty;
        parts.Add($"{label}: {string.Join(", ", shown)}{more}");
    }
}
