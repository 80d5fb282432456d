using Grpc.Core;
using Handoff.Client;
using Handoff.Client.Receipts;
using Handoff.Contracts.Receipts;
using Handoff.Server.Receipts;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// Brings a peer network's signed receipt back unchanged: the destination facility's signature and the peer
/// cluster's countersignature, checked here with the public keys the peer sent (kept under the peer's name, so this
/// cluster's key export lets the source verify offline), then countersigned by this cluster, binding its own
/// transfer id to the peer's.
/// </summary>
public sealed class RelayReceipt
{
    private readonly IGrainFactory _grains;
    private readonly ClusterCountersigner _countersigner;

    public RelayReceipt(IGrainFactory grains, ClusterCountersigner countersigner)
    {
        _grains = grains;
        _countersigner = countersigner;
    }

    /// <summary>The receipt to store with this transfer's acknowledgement; null when the peer holds none (acknowledged unsigned).</summary>
    public async Task<SignedReceiptRecord?> FetchAsync(Guid transferId, PeerClients peer, string remoteTransferId, CancellationToken cancellationToken)
    {
        Protos.V1.SignedReceipt remote;
        try
        {
            remote = await peer.Client.GetReceiptAsync(remoteTransferId, cancellationToken);
        }
        catch (HandoffRefusedException refused) when (refused.StatusCode is StatusCode.NotFound or StatusCode.Unimplemented or StatusCode.PermissionDenied)
        {
            return null; // the destination acknowledged unsigned, or the peer runs a version without receipts (which refuses the call to peers)
        }

        var now = DateTimeOffset.UtcNow;
        var learned = remote.Keys.Select(key => ReceiptKeyMapping.Learned(key, peer.Peer.Name, now)).OfType<ReceiptKeyRecord>().ToList();
        var document = new ReceiptDocument(ReceiptDocument.CurrentFormat, remote.TransferId, remote.Receipt, [.. remote.Countersignatures]);
        var check = ReceiptVerifier.Verify(document, ReceiptKeySet.From(learned.Select(key => key.ToProto())), remoteTransferId);
        if (!check.Valid || check.Content is null)
            throw new RelayBlockedException($"the signed receipt of network {peer.Peer.Name} does not verify: {check.Summary}");
        await _grains.GetGrain<IReceiptKeyRegistryGrain>(0).Learn(learned);
        var countersignature = _countersigner.Countersign(transferId.ToString(), check.Content.TransferId, remote.Receipt);
        var facilityKey = CompactJws.Parse(remote.Receipt, "the receipt").KeyId;
        return new SignedReceiptRecord(remote.Receipt, [.. remote.Countersignatures, countersignature], check.Content.ReceiptHash, facilityKey);
    }
}
