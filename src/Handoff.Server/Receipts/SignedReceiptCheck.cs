using Handoff.Client.Receipts;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Receipts;
using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Receipts;

/// <summary>
/// Checks the signed receipt an acknowledgement carries before the transfer sees it, and countersigns it: signed with
/// a key registered to the acknowledging facility, for this transfer and its two facilities, dated now (within the
/// clock skew), over exactly the instances and PACS delivery of the request. A facility that registered a key must
/// sign; one that did not may acknowledge unsigned (there is then no receipt a third party can check).
/// </summary>
public sealed class SignedReceiptCheck
{
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);

    private readonly IGrainFactory _grains;
    private readonly ClusterCountersigner _countersigner;
    private readonly TimeProvider _time;

    public SignedReceiptCheck(IGrainFactory grains, ClusterCountersigner countersigner, TimeProvider time)
    {
        _grains = grains;
        _countersigner = countersigner;
        _time = time;
    }

    /// <summary>The receipt to store with the acknowledgement; null when the request carries none and the facility need not sign.</summary>
    public async Task<SignedReceiptRecord?> CheckAsync(TransferRecord transfer, string facilityId, V1.AcknowledgeRequest request, IReadOnlyList<InstanceReceipt> receipts)
    {
        var registry = _grains.GetGrain<IReceiptKeyRegistryGrain>(0);
        if (string.IsNullOrEmpty(request.SignedReceipt))
        {
            if (await registry.HasKeys(facilityId))
                throw DomainException.WrongState($"facility {facilityId} registered a receipt key: its acknowledgement of transfer {transfer.Id} must carry a receipt signed with it (signed_receipt)");
            return null;
        }

        var (content, keyId) = await CheckSignatureAsync(registry, facilityId, request.SignedReceipt);
        CheckBinding(content, transfer);
        CheckInstances(content, receipts);
        CheckDelivery(content, request.Delivery);
        await _countersigner.EnsureRecordedAsync(_grains);
        var countersignature = _countersigner.Countersign(content.TransferId, content.TransferId, request.SignedReceipt);
        return new SignedReceiptRecord(request.SignedReceipt, [countersignature], content.ReceiptHash, keyId);
    }

    private static async Task<(ReceiptContent Content, string KeyId)> CheckSignatureAsync(IReceiptKeyRegistryGrain registry, string facilityId, string signed)
    {
        CompactJws jws;
        try
        {
            jws = CompactJws.Parse(signed, "signed_receipt");
        }
        catch (FormatException malformed)
        {
            throw new InvalidFieldException("signed_receipt", malformed.Message);
        }
        if (jws.Type != ReceiptContent.JwsType)
            throw new InvalidFieldException("signed_receipt", $"signed_receipt's typ is not {ReceiptContent.JwsType}");
        var key = await registry.Find(jws.KeyId);
        if (key is null || key.Kind != ReceiptKeyKind.Facility || key.Network.Length > 0 || key.FacilityId != facilityId)
            throw new InvalidFieldException("signed_receipt", $"signed_receipt is signed with key {jws.KeyId}, which is not a registered receipt key of facility {facilityId}");
        using (var publicKey = ReceiptKeys.ImportPublicKey(key.PublicKey))
        {
            if (!jws.IsSignedBy(publicKey))
                throw new InvalidFieldException("signed_receipt", $"signed_receipt's signature does not match its content (key {jws.KeyId})");
        }
        try
        {
            return (ReceiptContent.FromJson(jws.Payload), jws.KeyId);
        }
        catch (FormatException malformed)
        {
            throw new InvalidFieldException("signed_receipt", malformed.Message);
        }
    }

    private void CheckBinding(ReceiptContent content, TransferRecord transfer)
    {
        if (!string.Equals(content.TransferId, transfer.Id.ToString(), StringComparison.Ordinal))
            throw new InvalidFieldException("signed_receipt", $"signed_receipt is for transfer {Echo(content.TransferId)}, not {transfer.Id}");
        if (content.SourceFacilityId != transfer.SourceFacilityId || content.DestinationFacilityId != transfer.DestinationFacilityId)
            throw new InvalidFieldException("signed_receipt", $"signed_receipt names {Echo(content.SourceFacilityId)} → {Echo(content.DestinationFacilityId)}; transfer {transfer.Id} is {transfer.SourceFacilityId} → {transfer.DestinationFacilityId}");
        var skew = (content.SignedAt - _time.GetUtcNow()).Duration();
        if (skew > AllowedClockSkew)
            throw new InvalidFieldException("signed_receipt", $"signed_receipt is dated {content.SignedAt:u}, {skew.TotalMinutes:0} minutes from this cluster's time (at most {AllowedClockSkew.TotalMinutes:0})");
        if (content.ChunkSize <= 0)
            throw new InvalidFieldException("signed_receipt", "signed_receipt does not say the chunk size of its content hashes");
    }

    /// <summary>The signed instances must be exactly the request's: what the server compares is what was signed.</summary>
    private static void CheckInstances(ReceiptContent content, IReadOnlyList<InstanceReceipt> receipts)
    {
        if (content.Instances.Count != receipts.Count)
            throw new InvalidFieldException("signed_receipt", $"signed_receipt names {content.Instances.Count} instances; the request {receipts.Count}");
        var requested = new HashSet<(string, string, string)>();
        foreach (var receipt in receipts)
            requested.Add((receipt.StudyInstanceUid, receipt.SopInstanceUid, receipt.ContentHash.ToLowerInvariant()));
        foreach (var instance in content.Instances)
        {
            if (!requested.Contains((instance.Study ?? "", instance.Sop ?? "", (instance.Sha256 ?? "").ToLowerInvariant())))
                throw new InvalidFieldException("signed_receipt", $"signed_receipt's instance {Echo(instance.Sop)} (study {Echo(instance.Study)}) is not in the request with that content hash");
        }
        string computed;
        try
        {
            computed = ReceiptContent.ComputeReceiptHash(content.Instances);
        }
        catch (FormatException malformed)
        {
            throw new InvalidFieldException("signed_receipt", malformed.Message);
        }
        if (!string.Equals(computed, content.ReceiptHash, StringComparison.OrdinalIgnoreCase))
            throw new InvalidFieldException("signed_receipt", "signed_receipt's receipt hash does not match its instances");
    }

    private static void CheckDelivery(ReceiptContent content, V1.PacsDelivery? delivery)
    {
        var signed = content.Delivery;
        var same = (signed, delivery) switch
        {
            (null, null) => true,
            ({ } s, { } d) => s.AeTitle == d.AeTitle && s.InstancesStored == d.InstancesStored && s.Committed == d.Committed && s.CommitmentTransactionUid == d.CommitmentTransactionUid,
            _ => false,
        };
        if (!same)
            throw new InvalidFieldException("signed_receipt", "signed_receipt's PACS delivery differs from the request's delivery");
    }

    private static string Echo(string? value) => Contracts.Errors.InputEcho.Quote(value ?? "");
}
