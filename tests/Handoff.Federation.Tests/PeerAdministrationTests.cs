using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// The operator's side of federation: registering a peer by its pinned certificate, exporting local facilities to it,
/// and importing the peer's (which asks the peer over mutual TLS what it exports to this network).
/// </summary>
[Collection(AdministrationCollection.Name)]
public sealed class PeerAdministrationTests
{
    private static readonly TimeSpan AuditDeadline = TimeSpan.FromSeconds(15);

    private readonly FederatedPair _pair;

    public PeerAdministrationTests(FederatedPair pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task ListPeers_AfterAddPeer_ShowsAddressAndPinnedThumbprint()
    {
        var peers = await _pair.NorthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        var south = Assert.Single(peers.Peers, p => p.Name == "south");
        Assert.Equal(_pair.South.FederationAddress, south.Address);
        Assert.False(south.Revoked);
        var pinned = Assert.Single(south.Certificates);
        Assert.Equal(_pair.SouthCertificate.Thumbprint, pinned.Thumbprint);
        Assert.Matches("^[0-9a-f]{64}$", pinned.Thumbprint);
        Assert.Equal("CN=south", pinned.Subject);
        Assert.False(pinned.Revoked);
        Assert.Equal(_pair.SouthCertificate.NotAfter, pinned.NotAfter.ToDateTimeOffset());

        // Registering again with the same certificate (an operator re-running the setup) pins nothing twice.
        var again = await _pair.NorthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("south", _pair.South.FederationAddress, _pair.SouthCertificate));
        Assert.Equal([_pair.SouthCertificate.Thumbprint], again.Certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public async Task AddPeer_TwoCertificates_ReturnsThePeerWithEachThumbprint()
    {
        var first = _pair.Certificates.Issue("east");
        var second = _pair.Certificates.Issue("east");
        var added = await _pair.NorthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("east", "https://127.0.0.1:1", first, second));
        Assert.Equal("east", added.Name);
        Assert.Equal("https://127.0.0.1:1", added.Address);
        Assert.Equal(new[] { first.Thumbprint, second.Thumbprint }.Order(), added.Certificates.Select(c => c.Thumbprint).Order());
        Assert.Empty(added.ExportedFacilityIds);
        Assert.Empty(added.ImportedFacilityIds);
        Assert.NotNull(added.CreatedAt);
        var listed = await _pair.NorthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.Equal(2, Assert.Single(listed.Peers, p => p.Name == "east").Certificates.Count);
    }

    [Fact]
    public async Task ImportFacilities_NamedExportedFacility_AsksThePeerAndListsItAsRemote()
    {
        await _pair.ExportFromSouthAsync("stroke");

        var imported = await _pair.NorthOperator.Peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", FacilityIds = { "stroke" } });

        var stroke = Assert.Single(imported.Facilities, f => f.FacilityId == "stroke");
        Assert.Equal("stroke@south", stroke.Address);
        Assert.Equal("south", stroke.Network);
        Assert.Equal("Facility stroke", stroke.DisplayName);
        var remote = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest());
        Assert.Contains(remote.Facilities, f => f.Address == "stroke@south");
        var fromSouth = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest { Peer = "south" });
        Assert.Contains(fromSouth.Facilities, f => f.Address == "stroke@south");
        var fromNobody = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest { Peer = "nowhere" });
        Assert.Empty(fromNobody.Facilities);
        // South was really asked, by north's pinned certificate: its audit trail names the calling peer.
        await Poll.UntilAsync(async () =>
        {
            var audit = await _pair.SouthOperator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 1000 });
            return audit.Events.Any(e => e.Action == "peer.list-exports" && e.Actor == "peer:north" && e.Outcome == "success");
        }, AuditDeadline, "south's audit trail shows north listing its exports");
    }

    [Fact]
    public async Task ImportFacilities_All_ImportsWhatThePeerExportsAndNothingElse()
    {
        await _pair.ExportFromSouthAsync("cardiology");
        await HandoffApi.RegisterFacilityAsync(_pair.South, "cardiology-ward");

        var imported = await _pair.NorthOperator.Peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", All = true });

        Assert.Contains(imported.Facilities, f => f.Address == "cardiology@south");
        Assert.DoesNotContain(imported.Facilities, f => f.FacilityId == "cardiology-ward");
        var remote = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest { Peer = "south" });
        Assert.Contains(remote.Facilities, f => f.Address == "cardiology@south");
        Assert.DoesNotContain(remote.Facilities, f => f.FacilityId == "cardiology-ward");
        var peers = await _pair.NorthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.True(Assert.Single(peers.Peers, p => p.Name == "south").ImportAll);
    }

    [Fact]
    public async Task ImportFacilities_FacilityNotExportedToThisNetwork_IsNotFoundAndNotListed()
    {
        // Registered on south but never exported; and exported, but to another peer.
        await HandoffApi.RegisterFacilityAsync(_pair.South, "oncology");
        await HandoffApi.RegisterFacilityAsync(_pair.South, "ortho");
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("east-b", "https://127.0.0.1:1", _pair.Certificates.Issue("east-b")));
        await _pair.SouthOperator.Peers.ExportFacilityAsync(new ExportFacilityRequest { FacilityId = "ortho", Peer = "east-b" });
        await _pair.ExportFromSouthAsync("neuro");

        foreach (var hidden in new[] { "oncology", "ortho", "no-such-facility" })
        {
            var refused = await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
                new ImportFacilitiesRequest { Peer = "south", FacilityIds = { hidden } }));
            Assert.Contains(hidden, refused.Status.Detail, StringComparison.Ordinal);
        }
        // One facility that is not exported refuses the whole request: the exported one beside it is not imported either.
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
            new ImportFacilitiesRequest { Peer = "south", FacilityIds = { "neuro", "oncology" } }));

        // Facilities south does not export to north are never listed. (Whether "neuro" is listed depends on whether
        // another test of this shared pair imported all of south: an import-all follows south's exports.)
        var remote = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest());
        Assert.DoesNotContain(remote.Facilities, f => f.FacilityId is "oncology" or "ortho" or "no-such-facility");
    }

    [Fact]
    public async Task ListExportedFacilities_AsNorth_ShowsOnlyWhatSouthExportsToNorth()
    {
        await _pair.ExportFromSouthAsync("burns");
        await HandoffApi.RegisterFacilityAsync(_pair.South, "burns-private");
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("east-c", "https://127.0.0.1:1", _pair.Certificates.Issue("east-c")));
        await HandoffApi.RegisterFacilityAsync(_pair.South, "burns-east");
        await _pair.SouthOperator.Peers.ExportFacilityAsync(new ExportFacilityRequest { FacilityId = "burns-east", Peer = "east-c" });

        using var north = PeerClient.For(_pair.South, _pair.NorthCertificate);
        var exported = await north.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest());

        Assert.Equal("north", exported.CallerNetwork);
        Assert.Equal("south", exported.Network);
        Assert.Contains(exported.Facilities, f => f.FacilityId == "burns" && f.DisplayName == "Facility burns");
        Assert.DoesNotContain(exported.Facilities, f => f.FacilityId is "burns-private" or "burns-east");
    }

    [Fact]
    public async Task UnexportFacility_ThenImport_IsNotFound()
    {
        await _pair.ExportFromSouthAsync("dialysis");
        await _pair.SouthOperator.Peers.UnexportFacilityAsync(new ExportFacilityRequest { FacilityId = "dialysis", Peer = "north" });

        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
            new ImportFacilitiesRequest { Peer = "south", FacilityIds = { "dialysis" } }));
        using var north = PeerClient.For(_pair.South, _pair.NorthCertificate);
        var exported = await north.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest());
        Assert.DoesNotContain(exported.Facilities, f => f.FacilityId == "dialysis");
    }

    [Fact]
    public async Task ExportFacility_UnknownFacilityOrPeer_IsNotFound()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.SouthOperator.Peers.ExportFacilityAsync(
            new ExportFacilityRequest { FacilityId = "never-registered", Peer = "north" }));
        await HandoffApi.RegisterFacilityAsync(_pair.South, "icu");
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.SouthOperator.Peers.ExportFacilityAsync(
            new ExportFacilityRequest { FacilityId = "icu", Peer = "nowhere" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
            new ImportFacilitiesRequest { Peer = "nowhere", All = true }));
    }

    [Fact]
    public async Task RestartAsync_FederatedServer_ServesTheSameEndpointAndKeepsItsPeers()
    {
        await _pair.ExportFromSouthAsync("rehab");
        var address = _pair.South.FederationAddress;

        await _pair.South.RestartAsync();

        Assert.Equal(address, _pair.South.FederationAddress);
        var peers = await _pair.SouthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.Contains("rehab", Assert.Single(peers.Peers, p => p.Name == "north").ExportedFacilityIds);
        // North's channel to south reconnects to the restarted process on the same address.
        var imported = await Poll.ForAsync<ListRemoteFacilitiesResponse>(
            async () => await _pair.NorthOperator.Peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", FacilityIds = { "rehab" } }),
            TimeSpan.FromSeconds(30), "north imports from the restarted south");
        Assert.Contains(imported.Facilities, f => f.Address == "rehab@south");
    }
}
