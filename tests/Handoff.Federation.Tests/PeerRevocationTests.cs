using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// Revocation on the called side: a certificate (or a whole peer) south revoked stops working on its federation
/// endpoint, within the peer directory's cache lifetime at most, even on a TLS connection that is already open.
/// </summary>
public sealed class PeerRevocationTests : IClassFixture<FederatedPair>
{
    /// <summary>The server's PeerDirectory.Lifetime (5 s) plus room for a slow machine.</summary>
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromSeconds(15);

    private readonly FederatedPair _pair;

    public PeerRevocationTests(FederatedPair pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task RevokePeer_NorthsCertificate_IsUnauthenticatedFromThenOn()
    {
        await _pair.ExportFromSouthAsync("vascular");
        using var north = PeerClient.For(_pair.South, _pair.NorthCertificate);
        var before = await north.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest());
        Assert.Contains(before.Facilities, f => f.FacilityId == "vascular");

        var revoked = await _pair.SouthOperator.Peers.RevokePeerAsync(new RevokePeerRequest { Name = "north", Thumbprint = _pair.NorthCertificate.Thumbprint });

        Assert.True(Assert.Single(revoked.Certificates, c => c.Thumbprint == _pair.NorthCertificate.Thumbprint).Revoked);
        Assert.False(revoked.Revoked);
        await Poll.UntilAsync(async () => await CallStatusAsync(north) == StatusCode.Unauthenticated, RevocationDeadline,
            "the revoked certificate is refused");
        // North, calling south with that certificate, learns that south no longer answers it.
        await RpcAssert.FailsWith(StatusCode.Unavailable, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
            new ImportFacilitiesRequest { Peer = "south", FacilityIds = { "vascular" } }));
        var remote = await _pair.NorthOperator.Peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest());
        Assert.DoesNotContain(remote.Facilities, f => f.FacilityId == "vascular");

        // Registering the peer again with the same certificate does not quietly restore it.
        var readded = await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("north", _pair.North.FederationAddress, _pair.NorthCertificate));
        Assert.True(Assert.Single(readded.Certificates).Revoked);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => north.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));
    }

    [Fact]
    public async Task RevokePeer_WholePeer_RefusesEveryOneOfItsCertificates()
    {
        var first = _pair.Certificates.Issue("west");
        var second = _pair.Certificates.Issue("west");
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("west", "https://127.0.0.1:1", first, second));
        using var westFirst = PeerClient.For(_pair.South, first);
        using var westSecond = PeerClient.For(_pair.South, second);
        Assert.Equal("west", (await westFirst.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest())).CallerNetwork);
        Assert.Equal("west", (await westSecond.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest())).CallerNetwork);

        var revoked = await _pair.SouthOperator.Peers.RevokePeerAsync(new RevokePeerRequest { Name = "west" });

        Assert.True(revoked.Revoked);
        await Poll.UntilAsync(async () => await CallStatusAsync(westFirst) == StatusCode.Unauthenticated
            && await CallStatusAsync(westSecond) == StatusCode.Unauthenticated, RevocationDeadline, "both certificates of the revoked peer are refused");
        var peers = await _pair.SouthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.True(Assert.Single(peers.Peers, p => p.Name == "west").Revoked);
    }

    [Fact]
    public async Task RevokePeer_OneOfTwoCertificates_LeavesTheOtherWorking()
    {
        var retired = _pair.Certificates.Issue("rotating");
        var current = _pair.Certificates.Issue("rotating");
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("rotating", "https://127.0.0.1:1", retired, current));
        using var withRetired = PeerClient.For(_pair.South, retired);
        using var withCurrent = PeerClient.For(_pair.South, current);
        await withRetired.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest());

        await _pair.SouthOperator.Peers.RevokePeerAsync(new RevokePeerRequest { Name = "rotating", Thumbprint = retired.Thumbprint.ToUpperInvariant() });

        await Poll.UntilAsync(async () => await CallStatusAsync(withRetired) == StatusCode.Unauthenticated, RevocationDeadline, "the retired certificate is refused");
        Assert.Equal("rotating", (await withCurrent.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest())).CallerNetwork);
    }

    [Fact]
    public async Task RevokePeer_UnknownThumbprintOrPeer_IsNotFound()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.SouthOperator.Peers.RevokePeerAsync(
            new RevokePeerRequest { Name = "north", Thumbprint = new string('0', 64) }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => _pair.SouthOperator.Peers.RevokePeerAsync(new RevokePeerRequest { Name = "nowhere" }));
    }

    /// <summary>OK or the status a peer's call on south's federation endpoint ends with.</summary>
    private static async Task<StatusCode> CallStatusAsync(PeerClient peer)
    {
        try
        {
            await peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest());
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
