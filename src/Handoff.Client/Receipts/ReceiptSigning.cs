using Handoff.Protos.V1;

namespace Handoff.Client.Receipts;

/// <summary>
/// Builds and signs the receipt an acknowledgement carries: the transfer's facilities as the server states them
/// (the server refuses a receipt that names others), the chunk size the hashes were computed with, every instance.
/// </summary>
internal static class ReceiptSigning
{
    public static async Task<string> SignAsync(
        HandoffConnection connection,
        RetryPolicy retry,
        ReceiptSigningKey key,
        string transferId,
        IReadOnlyList<ReceiptEntry> receipt,
        PacsDelivery? delivery,
        CancellationToken cancellationToken)
    {
        var transferRequest = new GetTransferRequest { TransferId = transferId };
        var transfer = await retry.RunAsync(token => connection.Transfers.GetTransferAsync(transferRequest, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        // The chunk size is the manifest's; naming one instance keeps the answer small whatever the transfer's size.
        var manifestRequest = new GetTransferManifestRequest { TransferId = transferId };
        if (receipt.Count > 0)
            manifestRequest.Instances.Add(new InstanceRef { StudyInstanceUid = receipt[0].StudyInstanceUid, SopInstanceUid = receipt[0].SopInstanceUid });
        var manifest = await retry.RunAsync(token => connection.Downloads.GetTransferManifestAsync(manifestRequest, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        var instances = receipt.Select(entry => new ReceiptInstance(entry.StudyInstanceUid, entry.SopInstanceUid, Convert.ToHexStringLower(entry.ContentHash))).ToList();
        var content = new ReceiptContent(
            transfer.Id, // as the server writes it: the countersignature binds exactly this text
            transfer.SourceFacilityId,
            transfer.DestinationFacilityId,
            DateTimeOffset.UtcNow,
            manifest.ChunkSize,
            ReceiptContent.ComputeReceiptHash(instances),
            instances,
            delivery is null ? null : new ReceiptDelivery(delivery.AeTitle, delivery.InstancesStored, delivery.Committed, delivery.CommitmentTransactionUid));
        return key.Sign(content);
    }
}
