using Google.Protobuf;
using Handoff.Client.Receipts;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// Confirms receipt with every instance's content hash: the proof that what arrived is what was sent. A receipt the
/// server does not accept fails with <see cref="HandoffVerificationException"/> naming the instances that differ, are
/// missing or unexpected.
/// </summary>
internal static class Acknowledger
{
    public static async Task<AcknowledgeResponse> AcknowledgeAsync(
        HandoffConnection connection,
        RetryPolicy retry,
        string transferId,
        IReadOnlyList<ReceiptEntry> receipt,
        PacsDelivery? delivery,
        CancellationToken cancellationToken)
    {
        var request = new AcknowledgeRequest
        {
            TransferId = transferId,
            RequestId = RequestIds.ForAcknowledge(transferId, receipt, delivery),
            Delivery = delivery,
        };
        var client = connection.Downloads;
        foreach (var entry in receipt)
        {
            request.Instances.Add(new InstanceReceipt
            {
                StudyInstanceUid = entry.StudyInstanceUid,
                SopInstanceUid = entry.SopInstanceUid,
                ContentHash = ByteString.CopyFrom(entry.ContentHash),
            });
        }
        if (connection.Options.ReceiptSigningKey is { } signingKey)
            request.SignedReceipt = await ReceiptSigning.SignAsync(connection, retry, signingKey, transferId, receipt, delivery, cancellationToken).ConfigureAwait(false);
        var response = await retry.RunAsync(token => client.AcknowledgeAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (!response.Accepted)
            throw new HandoffVerificationException(Describe(transferId, response), Concerned(response)) { Response = response };
        return response;
    }

    /// <summary>Tells the server the destination has every instance (Available to Delivered); harmless when it already knows.</summary>
    public static async Task<Transfer> ReportDownloadedAsync(Downloads.DownloadsClient client, RetryPolicy retry, string transferId, CancellationToken cancellationToken)
    {
        var request = new ReportDownloadedRequest { TransferId = transferId };
        return await retry.RunAsync(token => client.ReportDownloadedAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The destination's gateway cannot store into its PACS yet; recording the same reason again changes nothing.</summary>
    public static async Task<Transfer> ReportDeliveryWaitingAsync(Downloads.DownloadsClient client, RetryPolicy retry, string transferId, string detail, CancellationToken cancellationToken)
    {
        var request = new ReportDeliveryWaitingRequest { TransferId = transferId, Detail = detail };
        return await retry.RunAsync(token => client.ReportDeliveryWaitingAsync(request, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
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

    private static List<InstanceId> Concerned(AcknowledgeResponse response)
    {
        var instances = new List<InstanceId>();
        foreach (var list in new[] { response.MismatchedInstances, response.MissingInstances, response.UnexpectedInstances })
        {
            foreach (var instance in list)
                instances.Add(new InstanceId(instance.StudyInstanceUid, instance.SopInstanceUid));
        }
        return instances;
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
