using System.Text;
using Handoff.Client.Receipts;
using Handoff.Contracts.Receipts;

namespace Handoff.Server.Receipts;

/// <summary>
/// Countersigns receipts with the cluster's key and time. The key lives in one grain that signs and never hands out
/// its private half; its public key and id are kept here once read.
/// </summary>
public sealed class ClusterCountersigner
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private ReceiptKeyRecord? _publicKey;

    public ClusterCountersigner(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
    }

    private IClusterReceiptKeyGrain Signer => _grains.GetGrain<IClusterReceiptKeyGrain>(0);

    /// <summary>The cluster's public key, as <c>ListReceiptKeys</c> shows it.</summary>
    public async Task<ReceiptKeyRecord> PublicKeyAsync()
    {
        if (_publicKey is { } known)
            return known;
        var key = await Signer.GetPublicKey();
        using var imported = ReceiptKeys.ImportPublicKey(key.PublicKey);
        return _publicKey = new ReceiptKeyRecord(ReceiptKeys.Thumbprint(imported), ReceiptKeyKind.Cluster, "", "", key.PublicKey, key.CreatedAt, "cluster");
    }

    /// <summary>A countersignature binding <paramref name="receipt"/> to <paramref name="transferId"/> of this cluster, now.</summary>
    public async Task<string> CountersignAsync(string transferId, string receiptTransferId, string receipt)
    {
        var key = await PublicKeyAsync();
        var payload = Countersignature.Of(transferId, receiptTransferId, receipt, _time.GetUtcNow()).ToJson();
        var signingInput = CompactJws.SigningInput(key.KeyId, Countersignature.JwsType, payload);
        var signature = await Signer.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }
}
