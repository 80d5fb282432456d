using Handoff.Contracts.Errors;
using Handoff.Contracts.Federation;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation;

/// <summary>Federation administration, for the operator key only (see peers.proto).</summary>
public sealed class PeersService : V1.Peers.PeersBase
{
    private readonly PeerDirectory _peers;
    private readonly PeerChannels _channels;
    private readonly FederationOptions _options;
    private readonly FederationCertificate _federationCertificate;

    public PeersService(PeerDirectory peers, PeerChannels channels, FederationCertificate federationCertificate, Microsoft.Extensions.Options.IOptions<FederationOptions> options)
    {
        _federationCertificate = federationCertificate;
        _peers = peers;
        _channels = channels;
        _options = options.Value;
    }

    public override async Task<Peer> AddPeer(AddPeerRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var name = RequestFields.Required(request.Name, "name");
        context.Audit().Object("peer", name);
        if (request.CertificatePems.Count == 0)
            throw new InvalidFieldException("certificate_pems", "give at least one certificate: the one the peer presents when it calls");
        var certificates = new List<PeerCertificateInfo>();
        for (var i = 0; i < request.CertificatePems.Count; i++)
        {
            try
            {
                foreach (var certificate in FederationCertificate.ParsePublic(request.CertificatePems[i]))
                {
                    using (certificate)
                        certificates.Add(new PeerCertificateInfo(FederationCertificate.Thumbprint(certificate), certificate.Subject, certificate.NotAfter.ToUniversalTime(), Revoked: false));
                }
            }
            catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                throw new InvalidFieldException($"certificate_pems[{i}]", $"certificate_pems[{i}] is not a PEM certificate: {e.Message}");
            }
        }
        if (name == _options.Network)
            throw new InvalidFieldException("name", $"{InputEcho.Quote(name)} is this cluster's own network name");
        if (_options.Enabled && certificates.Any(c => c.Thumbprint == FederationCertificate.Thumbprint(_federationCertificate.Certificate)))
            throw new InvalidFieldException("certificate_pems", "that is this cluster's own certificate; give the peer's");
        var peer = await _peers.Registry.Add(name, RequestFields.Required(request.Address, "address"), certificates);
        _peers.Invalidate();
        return peer.ToProto();
    }

    public override async Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var response = new ListPeersResponse();
        response.Peers.AddRange((await _peers.Registry.List()).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<Peer> RevokePeer(RevokePeerRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var name = RequestFields.Required(request.Name, "name");
        context.Audit().Object("peer", name);
        var thumbprint = string.IsNullOrWhiteSpace(request.Thumbprint) ? null : request.Thumbprint.Trim().ToLowerInvariant();
        var peer = await _peers.Registry.Revoke(name, thumbprint);
        _peers.Invalidate();
        return peer.ToProto();
    }

    public override async Task<Peer> ExportFacility(ExportFacilityRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var facility = RequestFields.FacilityId(request.FacilityId, "facility_id");
        var name = RequestFields.Required(request.Peer, "peer");
        context.Audit().Object("peer", name).OwnedBy(facility).Detail = "export";
        var peer = await _peers.Registry.Export(name, facility);
        _peers.Invalidate();
        return peer.ToProto();
    }

    public override async Task<Peer> UnexportFacility(ExportFacilityRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var facility = RequestFields.FacilityId(request.FacilityId, "facility_id");
        var name = RequestFields.Required(request.Peer, "peer");
        context.Audit().Object("peer", name).OwnedBy(facility).Detail = "unexport";
        var peer = await _peers.Registry.Unexport(name, facility);
        _peers.Invalidate();
        return peer.ToProto();
    }

    public override async Task<ListRemoteFacilitiesResponse> ImportFacilities(ImportFacilitiesRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var name = RequestFields.Required(request.Peer, "peer");
        context.Audit().Object("peer", name).Detail = "import";
        if (request.FacilityIds.Count == 0 && !request.All)
            throw new InvalidFieldException("facility_ids", "name the facilities to import, or set all");
        var peer = await _peers.Registry.Get(name) ?? throw DomainException.NotFound($"peer {InputEcho.Quote(name)} is not registered");
        var exported = await AskExportsAsync(peer, context.CancellationToken);
        var chosen = request.All ? exported : [.. request.FacilityIds.Select(id => exported.FirstOrDefault(f => f.FacilityId == id)
            ?? throw DomainException.NotFound($"peer {InputEcho.Quote(name)} does not export facility {InputEcho.Quote(id)} to this network"))];
        var updated = await _peers.Registry.Import(name, chosen, request.All);
        _peers.Invalidate();
        var response = new ListRemoteFacilitiesResponse();
        response.Facilities.AddRange(updated.ImportedFacilities.Select(f => f.ToProto(updated.Name)));
        return response;
    }

    public override async Task<ListRemoteFacilitiesResponse> ListRemoteFacilities(ListRemoteFacilitiesRequest request, ServerCallContext context)
    {
        context.GetCaller().RequireOperator();
        var response = new ListRemoteFacilitiesResponse();
        foreach (var peer in await _peers.Registry.List())
        {
            if (peer.Revoked || (request.Peer.Length > 0 && peer.Name != request.Peer))
                continue;
            var facilities = peer.ImportedFacilities;
            if (peer.ImportAll)
            {
                // "All" follows the peer: ask what it exports now; if it cannot be reached, show what it exported last.
                try
                {
                    facilities = await AskExportsAsync(peer, context.CancellationToken);
                    await _peers.Registry.Import(peer.Name, facilities, all: true, replace: true);
                }
                catch (Exception e) when (e is RpcException or DomainException or UnavailableException)
                {
                    // Unreachable or not federated now: the last known list stands.
                }
            }
            response.Facilities.AddRange(facilities.Select(f => f.ToProto(peer.Name)));
        }
        return response;
    }

    /// <summary>What the peer says it exports to this network, asked over mutual TLS; UNAVAILABLE when it cannot be reached.</summary>
    private async Task<IReadOnlyList<RemoteFacilityInfo>> AskExportsAsync(PeerInfo peer, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
            throw DomainException.WrongState("this cluster is not federated: set Handoff:Federation:Network, CertificatePath and KeyPath, then ask the peer again");
        if (peer.Revoked)
            throw DomainException.WrongState($"peer '{peer.Name}' is revoked");
        var client = new V1.Federation.FederationClient(_channels.For(peer));
        try
        {
            var answer = await client.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest(), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
            return [.. answer.Facilities.Select(f => new RemoteFacilityInfo(f.FacilityId, f.DisplayName))];
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unauthenticated or StatusCode.Internal or StatusCode.Unknown)
        {
            throw new UnavailableException(UnavailableException.PeerUnreachableReason, $"peer '{peer.Name}' at {peer.Address} did not answer: {e.Status.Detail}");
        }
    }
}
