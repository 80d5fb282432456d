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
        IReadOnlyList<(string SopInstanceUid, byte[] ContentHash)> receipt,
        CancellationToken cancellationToken)
    {
        var request = new AcknowledgeRequest { TransferId = transferId, RequestId = RequestIds.ForAcknowledge(transferId, receipt) };
        foreach (var (sop, contentHash) in receipt)
            request.Instances.Add(new InstanceReceipt { SopInstanceUid = sop, ContentHash = Google.Protobuf.ByteString.CopyFrom(contentHash) });
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
        Add(parts, "content differs", response.MismatchedSopInstanceUids);
        Add(parts, "missing", response.MissingSopInstanceUids);
        Add(parts, "not in the transfer", response.UnexpectedSopInstanceUids);
        var detail = parts.Count > 0 ? string.Join("; ", parts) : "no reason given";
        return $"transfer {transferId}: acknowledgement not accepted: {detail}";
    }

    private static void Add(List<string> parts, string label, IReadOnlyList<string> uids)
    {
        if (uids.Count == 0)
            return;
        var shown = new List<string>();
        for (var i = 0; i < uids.Count && i < 5; i++)
            shown.Add(uids[i]);
        var more = uids.Count > 5 ? $" and {uids.Count - 5} more" : string.Empty;
        parts.Add($"{label}: {string.Join(", ", shown)}{more}");
    }
}
