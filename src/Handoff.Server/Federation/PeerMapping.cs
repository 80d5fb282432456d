using Handoff.Contracts.Federation;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation;

/// <summary>Peer registry records → messages.</summary>
public static class PeerMapping
{
    public static V1.Peer ToProto(this PeerInfo peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var message = new V1.Peer
        {
            Name = peer.Name,
            Address = peer.Address,
            ImportAll = peer.ImportAll,
            Revoked = peer.Revoked,
            CreatedAt = ProtoTime.From(peer.CreatedAt),
        };
        foreach (var certificate in peer.Certificates)
        {
            message.Certificates.Add(new V1.PeerCertificate
            {
                Thumbprint = certificate.Thumbprint,
                Subject = certificate.Subject,
                NotAfter = ProtoTime.From(certificate.NotAfter),
                Revoked = certificate.Revoked,
            });
        }
        message.ExportedFacilityIds.AddRange(peer.ExportedFacilityIds);
        message.ImportedFacilityIds.AddRange(peer.ImportedFacilities.Select(f => f.FacilityId));
        return message;
    }

    public static V1.RemoteFacility ToProto(this RemoteFacilityInfo facility, string network) => new()
    {
        Address = FacilityAddress.Of(facility.FacilityId, network),
        FacilityId = facility.FacilityId,
        Network = network,
        DisplayName = facility.DisplayName,
    };
}
