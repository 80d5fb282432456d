using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// The PACS delivery a destination's gateway reports with its acknowledgement, checked field by field: it becomes
/// part of the record the source relies on, so a claim that cannot be true (more instances stored than confirmed,
/// a commitment without its Transaction UID) is refused rather than kept.
/// </summary>
public static class PacsDeliveryMapping
{
    /// <summary>The request's delivery, or null when it has none; INVALID_ARGUMENT naming the field otherwise.</summary>
    /// <param name="delivery">The proto delivery, possibly unset.</param>
    /// <param name="instancesConfirmed">How many instances the acknowledgement's receipt names: the PACS cannot hold more.</param>
    /// <param name="now">The time to record when the gateway did not say when.</param>
    public static PacsDeliveryRecord? ToContract(V1.PacsDelivery? delivery, int instancesConfirmed, DateTimeOffset now)
    {
        if (delivery is null)
            return null;
        var stowUrl = string.IsNullOrEmpty(delivery.StowUrl) ? null : StowUrl(delivery.StowUrl);
        if (stowUrl is not null && !string.IsNullOrEmpty(delivery.AeTitle))
            throw new InvalidFieldException("delivery.ae_title", "delivery.ae_title and delivery.stow_url name the same PACS two ways: give one");
        var aeTitle = stowUrl is null ? RequestFields.AeTitle(delivery.AeTitle, "delivery.ae_title") : "";
        if (delivery.InstancesStored < 0 || delivery.InstancesStored > instancesConfirmed)
        {
            throw new InvalidFieldException("delivery.instances_stored",
                $"delivery.instances_stored {delivery.InstancesStored} is not between 0 and the {instancesConfirmed} instances of the receipt");
        }
        var transactionUid = string.IsNullOrEmpty(delivery.CommitmentTransactionUid)
            ? ""
            : RequestFields.Uid(delivery.CommitmentTransactionUid, "delivery.commitment_transaction_uid");
        if (delivery.Committed && stowUrl is not null)
            throw new InvalidFieldException("delivery.committed", "delivery.committed is storage commitment, a DIMSE service; a STOW-RS delivery (delivery.stow_url) has none");
        if (delivery.Committed && transactionUid.Length == 0)
        {
            throw new InvalidFieldException("delivery.commitment_transaction_uid",
                "delivery.commitment_transaction_uid is required when delivery.committed is true (the storage commitment's Transaction UID)");
        }
        var at = ProtoTime.ToOptional(delivery.At, "delivery.at") ?? now;
        return new PacsDeliveryRecord(aeTitle, delivery.InstancesStored, delivery.Committed, transactionUid, at) { StowUrl = stowUrl, Delivered = Delivered(delivery, instancesConfirmed) };
    }

    private const int MaxUrlLength = 2048;

    /// <summary>The hashes of what the PACS was given: at most one per instance confirmed, each a UID and 32 bytes.</summary>
    private static IReadOnlyList<DeliveredInstanceRecord>? Delivered(V1.PacsDelivery delivery, int instancesConfirmed)
    {
        if (delivery.Delivered.Count == 0)
            return null;
        if (delivery.Delivered.Count > instancesConfirmed)
            throw new InvalidFieldException("delivery.delivered", $"delivery.delivered names {delivery.Delivered.Count} instances, more than the {instancesConfirmed} of the receipt");
        var records = new List<DeliveredInstanceRecord>(delivery.Delivered.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < delivery.Delivered.Count; i++)
        {
            var uid = RequestFields.Uid(delivery.Delivered[i].SopInstanceUid, $"delivery.delivered[{i}].sop_instance_uid");
            if (!seen.Add(uid))
                throw new InvalidFieldException($"delivery.delivered[{i}].sop_instance_uid", $"delivery.delivered names instance {uid} twice");
            records.Add(new DeliveredInstanceRecord(uid, ChunkHashes.ToHex(delivery.Delivered[i].Sha256, $"delivery.delivered[{i}].sha256")));
        }
        return records;
    }

    /// <summary>An absolute http(s) URL without credentials (a receipt is read by both facilities).</summary>
    private static string StowUrl(string text)
    {
        if (text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidFieldException("delivery.stow_url", $"delivery.stow_url must be an http or https URL of at most {MaxUrlLength} characters, not {Contracts.Errors.InputEcho.Quote(text)}");
        if (uri.UserInfo.Length > 0)
            throw new InvalidFieldException("delivery.stow_url", "delivery.stow_url must not carry credentials");
        return uri.ToString();
    }

    public static V1.PacsDelivery ToProto(this PacsDeliveryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new V1.PacsDelivery
        {
            AeTitle = record.AeTitle,
            InstancesStored = record.InstancesStored,
            Committed = record.Committed,
            CommitmentTransactionUid = record.CommitmentTransactionUid,
            At = ProtoTime.From(record.At),
            StowUrl = record.StowUrl ?? "",
            Delivered = { (record.Delivered ?? []).Select(d => new V1.DeliveredInstance { SopInstanceUid = d.SopInstanceUid, Sha256 = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString(d.Sha256)) }) },
        };
    }
}
