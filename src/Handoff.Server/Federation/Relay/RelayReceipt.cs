using Grpc.Core;
using Handoff.Client;
using Handoff.Client.Receipts;
using Handoff.Contracts.Federation;
using Handoff.Contracts.Receipts;
using Handoff.Server.Receipts;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// Brings a peer network's signed receipt back unchanged: the destination facility's signature and the peer
/// cluster's countersignature, checked here as the peer's own receipt (with the two keys that signed it, as the peer
/// sent them), for the transfer this relay made there and the facility it was addressed to. Only those two keys are
/// kept, under the peer's name (so this cluster's key export lets the source verify offline, and a peer can never add
/// keys that speak for this cluster's facilities); then this cluster countersigns, binding its own transfer id.
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
    public async Task<SignedReceiptRecord?> FetchAsync(Guid transferId, string destination, PeerClients peer, string remoteTransferId, CancellationToken cancellationToken)
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

        var network = peer.Peer.Name;
        if (remote.Countersignatures.Count != 1)
            throw new RelayBlockedException($"the signed receipt of network {network} has {remote.Countersignatures.Count} countersignatures, not its own one");
        var signers = SigningKeys(remote, network);
        var document = new ReceiptDocument(ReceiptDocument.CurrentFormat, remoteTransferId, remote.Receipt, [.. remote.Countersignatures]);
        var check = ReceiptVerifier.Verify(document, ReceiptKeySet.From(signers), remoteTransferId);
        if (!check.Valid || check.Content is null)
            throw new RelayBlockedException($"the signed receipt of network {network} does not verify: {check.Summary}");
        var addressedTo = FacilityAddress.Parse(destination).FacilityId;
        if (check.Content.DestinationFacilityId != addressedTo)
            throw new RelayBlockedException($"the signed receipt of network {network} is signed by {check.Content.DestinationFacilityId}, not by {addressedTo}");

        var now = DateTimeOffset.UtcNow;
        await _grains.GetGrain<IReceiptKeyRegistryGrain>(0).Learn(signers.Select(key => ReceiptKeyMapping.Learned(key, network, now)).OfType<ReceiptKeyRecord>().ToList());
        await _countersigner.EnsureRecordedAsync(_grains);
        var countersignature = _countersigner.Countersign(transferId.ToString(), check.Content.TransferId, remote.Receipt);
        var facilityKey = CompactJws.Parse(remote.Receipt, "the receipt").KeyId;
        return new SignedReceiptRecord(remote.Receipt, [.. remote.Countersignatures, countersignature], check.Content.ReceiptHash, facilityKey);
    }

    /// <summary>The keys the peer sent that signed this receipt (its facility's and its cluster's), as the peer's own keys; no others.</summary>
    private static List<Protos.V1.ReceiptKey> SigningKeys(Protos.V1.SignedReceipt remote, string network)
    {
        var kids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            kids.Add(CompactJws.Parse(remote.Receipt, "the receipt").KeyId);
            kids.Add(CompactJws.Parse(remote.Countersignatures[0], "the countersignature").KeyId);
        }
        catch (FormatException malformed)
        {
            throw new RelayBlockedException($"the signed receipt of network {network} is malformed: {malformed.Message}");
        }
        return remote.Keys.Where(key => kids.Contains(key.Kid) && key.Network.Length == 0).Select(key => key.Clone()).ToList();
    }
}
