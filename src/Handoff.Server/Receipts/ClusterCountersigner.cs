using Handoff.Client.Receipts;
using Handoff.Contracts.Receipts;
using Handoff.Server.Auditing.Chain;

namespace Handoff.Server.Receipts;

/// <summary>
/// Countersigns receipts with the cluster's signing key (<see cref="ClusterSigningKey"/>, the one that signs audit
/// checkpoints) and the cluster's time.
/// </summary>
public sealed class ClusterCountersigner
{
    private readonly ClusterSigningKey _key;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;

    public ClusterCountersigner(ClusterSigningKey key, TimeProvider time)
    {
        _key = key;
        _time = time;
        _startedAt = time.GetUtcNow();
        PublicKey = new ReceiptKeyRecord(key.Thumbprint, ReceiptKeyKind.Cluster, "", "", key.PublicKey, _startedAt, "cluster");
    }

    /// <summary>The cluster's public key, as <c>ListReceiptKeys</c> shows it.</summary>
    public ReceiptKeyRecord PublicKey { get; }

    private Task? _recorded;

    /// <summary>
    /// Records the key in the registry (once a process) before it signs anything, so the receipts it signs stay
    /// verifiable after the deployment replaces the key.
    /// </summary>
    public Task EnsureRecordedAsync(IGrainFactory grains)
    {
        var recorded = _recorded;
        if (recorded is { IsCompletedSuccessfully: true })
            return recorded;
        return _recorded = grains.GetGrain<IReceiptKeyRegistryGrain>(0).RecordClusterKey(PublicKey);
    }

    /// <summary>A countersignature binding <paramref name="receipt"/> to <paramref name="transferId"/> of this cluster, now.</summary>
    public string Countersign(string transferId, string receiptTransferId, string receipt)
    {
        var payload = Countersignature.Of(transferId, receiptTransferId, receipt, _time.GetUtcNow()).ToJson();
        return CompactJws.SignWith(_key.Sign, PublicKey.KeyId, Countersignature.JwsType, payload);
    }
}
