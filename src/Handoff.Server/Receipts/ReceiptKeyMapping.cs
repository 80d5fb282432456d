using Google.Protobuf;
using Handoff.Contracts.Receipts;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Receipts;

public static class ReceiptKeyMapping
{
    public static V1.ReceiptKey ToProto(this ReceiptKeyRecord key) => new()
    {
        Kid = key.KeyId,
        Role = key.Kind == ReceiptKeyKind.Cluster ? V1.ReceiptKeyRole.Cluster : V1.ReceiptKeyRole.Facility,
        FacilityId = key.FacilityId,
        Network = key.Network,
        PublicKey = ByteString.CopyFrom(key.PublicKey),
        RegisteredAt = ProtoTime.From(key.RegisteredAt),
    };

    /// <summary>
    /// A key a peer network sent with a receipt, kept under that network's name whatever the peer says: a peer speaks
    /// for its own network only. Null when it is not a usable P-256 key or its id is not its thumbprint.
    /// </summary>
    public static ReceiptKeyRecord? Learned(V1.ReceiptKey key, string network, DateTimeOffset now)
    {
        try
        {
            using var imported = Client.Receipts.ReceiptKeys.ImportPublicKey(key.PublicKey.Span);
            if (Client.Receipts.ReceiptKeys.Thumbprint(imported) != key.Kid)
                return null;
        }
        catch (FormatException)
        {
            return null;
        }
        var kind = key.Role == V1.ReceiptKeyRole.Cluster ? ReceiptKeyKind.Cluster : ReceiptKeyKind.Facility;
        return new ReceiptKeyRecord(key.Kid, kind, kind == ReceiptKeyKind.Cluster ? "" : key.FacilityId, network, key.PublicKey.ToByteArray(), now, $"relay:{network}");
    }
}
