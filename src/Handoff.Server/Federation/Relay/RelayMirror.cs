using Handoff.Contracts.Federation;
using Handoff.Contracts.Hashing;
using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The returning half of a relay pass: follows the peer's transfer (WatchTransfer, resumed after the last event
/// seen) and records here what the destination did. Available there becomes RemoteAvailable; Downloaded marks this
/// transfer delivered; DeliveryWaiting (its gateway cannot store into its PACS yet) is recorded here as well;
/// Acknowledged brings the destination's proof back: the content hash of every instance the peer accepted from the
/// destination, which this transfer then checks against its own studies exactly as it would a
/// local destination's, the receipt hash, which must equal the one computed here, and the destination's signed receipt
/// (<see cref="RelayReceipt"/>), which travels back unchanged.
/// </summary>
public sealed class RelayMirror
{
    private readonly IGrainFactory _grains;
    private readonly RelayReceipt _receipt;

    public RelayMirror(IGrainFactory grains, RelayReceipt receipt)
    {
        _grains = grains;
        _receipt = receipt;
    }

    /// <summary>Returns the outcome once the peer's transfer settles.</summary>
    public async Task<RelayOutcome> MirrorAsync(TransferRecord transfer, PeerClients peer, string remoteTransferId, Action progress, CancellationToken cancellationToken)
    {
        var local = _grains.GetGrain<ITransferGrain>(transfer.Id);
        var destination = transfer.DestinationFacilityId;
        long after = 0;
        while (true)
        {
            // The library follows the peer's transfer to its final state, resuming after the last event seen.
            await foreach (var remoteEvent in peer.Client.FollowTransferAsync(remoteTransferId, after, cancellationToken))
            {
                after = remoteEvent.Sequence;
                progress();
                switch (remoteEvent.Type)
                {
                    case V1.TransferEventType.Available:
                        await local.RecordRelay(TransferEventKind.RemoteAvailable, destination, $"available to {destination} in network {peer.Peer.Name}");
                        break;
                    case V1.TransferEventType.Downloaded:
                        await local.MarkDownloaded(destination);
                        break;
                    case V1.TransferEventType.DeliveryWaiting:
                        // The destination's gateway cannot store into its PACS yet: the source sees why, as the destination does.
                        if (!string.IsNullOrWhiteSpace(remoteEvent.Detail))
                            await local.RecordDeliveryWaiting(destination, remoteEvent.Detail);
                        break;
                    case V1.TransferEventType.Acknowledged:
                        return await AcknowledgeAsync(transfer.Id, local, peer, remoteTransferId, destination, cancellationToken);
                    case V1.TransferEventType.Cancelled or V1.TransferEventType.Expired or V1.TransferEventType.Failed:
                        await local.RecordRelay(TransferEventKind.RelayWaiting, $"relay:{peer.Peer.Name}",
                            $"the transfer in network {peer.Peer.Name} ended as {remoteEvent.Type}: {remoteEvent.Detail}");
                        return EndedRemotely(remoteEvent.Type);
                }
            }
            // The follow ends only at the peer transfer's final state (handled above) or when the peer shuts down: follow again.
        }
    }

    private static RelayOutcome EndedRemotely(V1.TransferEventType type) => type switch
    {
        V1.TransferEventType.Cancelled => RelayOutcome.RemoteCancelled,
        V1.TransferEventType.Expired => RelayOutcome.RemoteExpired,
        _ => RelayOutcome.RemoteFailed,
    };

    private async Task<RelayOutcome> AcknowledgeAsync(Guid transferId, ITransferGrain local, PeerClients peer, string remoteTransferId, string destination, CancellationToken cancellationToken)
    {
        var remote = await peer.Client.GetTransferAsync(remoteTransferId, cancellationToken);
        var manifest = await peer.Client.GetManifestAsync(remoteTransferId, cancellationToken);
        var receipts = manifest.Studies
            .SelectMany(study => study.Series.SelectMany(series => series.Instances)
                .Select(i => new InstanceReceipt(i.SopInstanceUid, Convert.ToHexStringLower(i.ContentHash.Span), study.StudyInstanceUid)))
            .ToList();
        var signed = await _receipt.FetchAsync(transferId, destination, peer, remoteTransferId, cancellationToken);
        var result = await local.Acknowledge(destination, receipts, RemoteDelivery(remote.Acknowledgement, receipts.Count), signed);
        var remoteReceipt = Convert.ToHexStringLower(remote.Acknowledgement.ReceiptHash.Span);
        if (!result.Accepted)
            return RelayOutcome.AcknowledgementMismatch; // the peer's content hashes differ from this cluster's
        if (!Sha256Hex.SameValue(result.Transfer.Acknowledgement?.ReceiptHash, remoteReceipt))
            throw new RelayBlockedException($"the receipt hash of network {peer.Peer.Name} ({remoteReceipt}) differs from this cluster's ({result.Transfer.Acknowledgement?.ReceiptHash})");
        return RelayOutcome.Acknowledged;
    }

    /// <summary>
    /// The PACS the destination's gateway stored into, as the peer recorded it; null when the destination acknowledged
    /// without one, or the peer runs a version that does not know it. The same checks as a local gateway's report: a
    /// delivery this cluster would refuse is left out, since the receipt alone still proves what arrived.
    /// </summary>
    private static PacsDeliveryRecord? RemoteDelivery(V1.Acknowledgement? acknowledgement, int instancesConfirmed)
    {
        try
        {
            return PacsDeliveryMapping.ToContract(acknowledgement?.Delivery, instancesConfirmed, DateTimeOffset.UtcNow);
        }
        catch (InvalidFieldException)
        {
            return null;
        }
    }
}
