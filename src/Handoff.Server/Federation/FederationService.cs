using Handoff.Contracts.Facilities;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Security;
using Microsoft.Extensions.Options;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation;

/// <summary>What only peers ask (federation.proto): reached on the federation endpoint, by a pinned certificate.</summary>
public sealed class FederationService : V1.Federation.FederationBase
{
    private readonly PeerDirectory _peers;
    private readonly IGrainFactory _grains;
    private readonly FederationOptions _options;

    public FederationService(PeerDirectory peers, IGrainFactory grains, IOptions<FederationOptions> options)
    {
        _peers = peers;
        _grains = grains;
        _options = options.Value;
    }

    public override async Task<ListExportedFacilitiesResponse> ListExportedFacilities(ListExportedFacilitiesRequest request, ServerCallContext context)
    {
        var network = context.GetCaller().RequirePeer();
        context.Audit().Object("peer", network).Detail = "list exported facilities";
        var peer = await _peers.GetAsync(network);
        var response = new ListExportedFacilitiesResponse { CallerNetwork = network, Network = _options.Network ?? "" };
        foreach (var id in peer?.ExportedFacilityIds ?? [])
        {
            var info = await _grains.GetGrain<IFacilityGrain>(id).GetInfo();
            if (info is { Disabled: false })
                response.Facilities.Add(new ExportedFacility { FacilityId = info.Id, DisplayName = info.DisplayName });
        }
        return response;
    }
}
