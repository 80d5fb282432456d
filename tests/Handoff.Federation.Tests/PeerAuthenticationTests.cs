using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// Who south's federation endpoint answers: a caller presenting a certificate pinned for a registered peer, and only
/// for what peers may call. Every test here calls south as a peer would, each with a peer name of its own.
/// </summary>
public sealed class PeerAuthenticationTests : IClassFixture<FederatedPair>
{
    private readonly FederatedPair _pair;

    public PeerAuthenticationTests(FederatedPair pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task ListExportedFacilities_UnknownCertificateWithAPeersName_IsUnauthenticated()
    {
        await _pair.ExportFromSouthAsync("lab-impostor");
        // Same authority, same CN=north as the pinned one: only the pinned certificate itself counts.
        var impostor = _pair.Certificates.Issue("north");
        using var peer = PeerClient.For(_pair.South, impostor);

        var refused = await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));

        Assert.DoesNotContain("lab-impostor", refused.Status.Detail, StringComparison.Ordinal);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => peer.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest()));
    }

    [Fact]
    public async Task ListExportedFacilities_CertificateOfAnotherAuthority_CountsOnlyWhenPinned()
    {
        using var otherAuthority = new TestCertificates("Other Test CA");
        var foreign = otherAuthority.Issue("foreign");
        using var peer = PeerClient.For(_pair.South, foreign);

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));

        // Pinning is the trust decision, not the issuer: once the operator pins it, it is that peer.
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("foreign", "https://127.0.0.1:1", foreign));
        var answer = await peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest());
        Assert.Equal("foreign", answer.CallerNetwork);
        Assert.Empty(answer.Facilities);
    }

    [Fact]
    public async Task ListExportedFacilities_PinnedButExpiredCertificate_IsUnauthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        var lapsed = _pair.Certificates.Issue("lapsed", now.AddDays(-10), now.AddDays(-1));
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("lapsed", "https://127.0.0.1:1", lapsed));
        using var peer = PeerClient.For(_pair.South, lapsed);

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));
    }

    [Fact]
    public async Task ListExportedFacilities_WithoutClientCertificate_GetsNoAnswer()
    {
        await _pair.ExportFromSouthAsync("lab-anonymous");
        using var peer = PeerClient.For(_pair.South, presenting: null);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));

        // The endpoint requires a certificate in the handshake: the call fails there (UNAVAILABLE) or is refused.
        Assert.True(refused.StatusCode is StatusCode.Unauthenticated or StatusCode.Unavailable, $"got {refused.StatusCode}: {refused.Status.Detail}");
        Assert.DoesNotContain("lab-anonymous", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MethodNotOpenToPeers_FromAPinnedPeer_IsPermissionDenied()
    {
        var east = _pair.Certificates.Issue("east");
        await _pair.SouthOperator.Peers.AddPeerAsync(FederatedPair.PeerRequest("east", "https://127.0.0.1:1", east));
        using var peer = PeerClient.For(_pair.South, east);
        await peer.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()); // authenticated

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peer.Facilities.ListFacilitiesAsync(new ListFacilitiesRequest()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peer.Peers.ListPeersAsync(new ListPeersRequest()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peer.Peers.ExportFacilityAsync(new ExportFacilityRequest { FacilityId = "lab", Peer = "east" }));
        // The operator key means nothing on the federation endpoint: the certificate is the only credential there.
        var withOperatorKey = new Metadata { { "authorization", $"Bearer {_pair.South.OperatorKey}" } };
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peer.Facilities.ListFacilitiesAsync(new ListFacilitiesRequest(), withOperatorKey));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peer.Peers.AddPeerAsync(
            FederatedPair.PeerRequest("planted", "https://127.0.0.1:1", _pair.Certificates.Issue("planted")), withOperatorKey));
        var peers = await _pair.SouthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.DoesNotContain(peers.Peers, p => p.Name == "planted");
    }

    [Fact]
    public async Task MethodNotOpenToPeers_FromAnUnknownCertificate_IsUnauthenticated()
    {
        using var peer = PeerClient.For(_pair.South, _pair.Certificates.Issue("stranger"));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => peer.Facilities.ListFacilitiesAsync(new ListFacilitiesRequest()));
    }
}
