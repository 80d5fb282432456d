using Handoff.Testing;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;

namespace Handoff.Federation.Tests;

/// <summary>Revocation on the calling side: north revoking south hides south's facilities and stops asking south.</summary>
public sealed class LocalRevocationTests : IClassFixture<FederatedPair>
{
    private readonly FederatedPair _pair;

    public LocalRevocationTests(FederatedPair pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task RevokePeer_OnTheCallingSide_HidesItsFacilitiesAndRefusesImports()
    {
        await _pair.ExportFromSouthAsync("trauma");
        await _pair.NorthOperator.Peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", FacilityIds = { "trauma" } });

        await _pair.NorthOperator.Peers.RevokePeerAsync(new RevokePeerRequest { Name = "south" });

        var remote = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest());
        Assert.DoesNotContain(remote.Facilities, f => f.Network == "south");
        var fromSouth = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest { Peer = "south" });
        Assert.Empty(fromSouth.Facilities);
        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
            new ImportFacilitiesRequest { Peer = "south", All = true }));
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);
    }
}
