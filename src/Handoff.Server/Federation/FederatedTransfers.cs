using Handoff.Contracts.Errors;
using Handoff.Contracts.Federation;
using Handoff.Server.Security;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Federation;

/// <summary>
/// Who may create a transfer across networks. A peer (acting for one of its facilities) may send only to a local
/// facility exported to it, and never onward to a third network; a local facility may send to "facility@network"
/// only when that peer is registered, not revoked, and the facility imported. Every refusal looks like "no such
/// facility" (NOT_FOUND), so neither side learns of facilities it was not shown.
/// </summary>
public sealed class FederatedTransfers
{
    private readonly PeerDirectory _peers;
    private readonly FederationOptions _options;

    public FederatedTransfers(PeerDirectory peers, IOptions<FederationOptions> options)
    {
        _peers = peers;
        _options = options.Value;
    }

    public async Task AuthorizeAsync(Caller caller, string destinationAddress)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var destination = FacilityAddress.Parse(destinationAddress);
        if (caller.PeerNetwork is { } network)
        {
            if (destination.IsRemote)
                throw DomainException.Invalid($"a transfer relayed from network {network} must go to a facility of this network, not {destinationAddress}");
            var peer = await _peers.GetAsync(network);
            if (peer is null || !peer.Exports(destination.FacilityId))
                throw DomainException.NotFound($"facility '{destination.FacilityId}' is not available to network {network}");
            return;
        }
        if (destination.Network is not { } remote)
            return;
        if (!_options.Enabled)
            throw DomainException.NotFound($"facility '{destinationAddress}' is in another network, and this cluster is not federated (Handoff:Federation:Network is unset)");
        var registered = await _peers.GetAsync(remote);
        if (registered is null || registered.Revoked)
            throw DomainException.NotFound($"facility '{destinationAddress}' is not available: network {remote} is not a peer of this cluster");
        if (!registered.Imports(destination.FacilityId))
            throw DomainException.NotFound($"facility '{destinationAddress}' is not available: the operator imports it with `handoff peer import {remote} {destination.FacilityId}`");
    }
}
