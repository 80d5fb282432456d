using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>What the Peers admin API refuses: bad certificates and addresses, and anyone but the operator.</summary>
[Collection(AdministrationCollection.Name)]
public sealed class PeerAdministrationInputTests
{
    private readonly FederatedPair _pair;

    public PeerAdministrationInputTests(FederatedPair pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task AddPeer_PemWithPrivateKey_IsInvalidArgumentNamingTheFieldAndEchoingNoKey()
    {
        var certificate = _pair.Certificates.Issue("leaky");
        var key = await File.ReadAllTextAsync(certificate.KeyPath);
        var request = new AddPeerRequest { Name = "leaky", Address = "https://127.0.0.1:1", CertificatePems = { certificate.CertificatePem + "\n" + key } };

        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.AddPeerAsync(request));

        Assert.Equal("certificate_pems[0]", RpcAssert.ViolatedField(refused));
        Assert.Contains("private key", refused.Status.Detail, StringComparison.Ordinal);
        var keyBody = key.Split('\n')[1];
        Assert.DoesNotContain(keyBody, refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, _pair.North.Output, StringComparison.Ordinal);
        await AssertNotRegisteredAsync("leaky");
    }

    [Fact]
    public async Task AddPeer_PrivateKeyInSecondPem_NamesThatField()
    {
        var certificate = _pair.Certificates.Issue("leaky-second");
        var request = new AddPeerRequest
        {
            Name = "leaky-second",
            Address = "https://127.0.0.1:1",
            CertificatePems = { certificate.CertificatePem, await File.ReadAllTextAsync(certificate.KeyPath) },
        };

        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.AddPeerAsync(request));

        Assert.Equal("certificate_pems[1]", RpcAssert.ViolatedField(refused));
        await AssertNotRegisteredAsync("leaky-second");
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public async Task AddPeer_TextThatIsNoCertificate_IsInvalidArgument(string pem)
    {
        var request = new AddPeerRequest { Name = "garbled", Address = "https://127.0.0.1:1", CertificatePems = { pem } };
        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.AddPeerAsync(request));
        Assert.Equal("certificate_pems[0]", RpcAssert.ViolatedField(refused));
        await AssertNotRegisteredAsync("garbled");
    }

    [Fact]
    public async Task AddPeer_NoCertificate_IsInvalidArgument()
    {
        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.AddPeerAsync(
            new AddPeerRequest { Name = "bare", Address = "https://127.0.0.1:1" }));
        Assert.Equal("certificate_pems", RpcAssert.ViolatedField(refused));
        await AssertNotRegisteredAsync("bare");
    }

    [Theory]
    [InlineData("http://127.0.0.1:7900")]
    [InlineData("127.0.0.1:7900")]
    [InlineData("not an address")]
    public async Task AddPeer_AddressNotHttps_IsInvalidArgument(string address)
    {
        var request = FederatedPair.PeerRequest("plain", address, _pair.Certificates.Issue("plain"));
        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.AddPeerAsync(request));
        Assert.Contains("https://", refused.Status.Detail, StringComparison.Ordinal);
        await AssertNotRegisteredAsync("plain");
    }

    [Theory]
    [InlineData("North")]
    [InlineData("n")]
    [InlineData("-south")]
    [InlineData("south@north")]
    public async Task AddPeer_BadName_IsInvalidArgument(string name)
    {
        var request = FederatedPair.PeerRequest(name, "https://127.0.0.1:1", _pair.Certificates.Issue("badly-named"));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.AddPeerAsync(request));
        var peers = await _pair.NorthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.DoesNotContain(peers.Peers, p => p.Name == name);
    }

    [Fact]
    public async Task ImportFacilities_NeitherNamedNorAll_IsInvalidArgument()
    {
        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => _pair.NorthOperator.Peers.ImportFacilitiesAsync(
            new ImportFacilitiesRequest { Peer = "south" }));
        Assert.Equal("facility_ids", RpcAssert.ViolatedField(refused));
    }

    [Fact]
    public async Task PeersCalls_WithAFacilityKey_ArePermissionDenied()
    {
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(_pair.North, "admin-intruder");
        var peers = facility.Peers;

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.AddPeerAsync(
            FederatedPair.PeerRequest("intruder", "https://127.0.0.1:1", _pair.Certificates.Issue("intruder"))));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.ListPeersAsync(new ListPeersRequest()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.RevokePeerAsync(new RevokePeerRequest { Name = "south" }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.ExportFacilityAsync(new ExportFacilityRequest { FacilityId = "admin-intruder", Peer = "south" }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.UnexportFacilityAsync(new ExportFacilityRequest { FacilityId = "admin-intruder", Peer = "south" }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", All = true }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => peers.ListRemoteFacilitiesAsync(new ListRemoteFacilitiesRequest()));

        await AssertNotRegisteredAsync("intruder");
        var listed = await _pair.NorthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        var south = Assert.Single(listed.Peers, p => p.Name == "south");
        Assert.False(south.Revoked);
        Assert.DoesNotContain("admin-intruder", south.ExportedFacilityIds);
    }

    [Fact]
    public async Task PeersCalls_WithoutAKey_AreUnauthenticated()
    {
        var anonymous = new HandoffApi(_pair.North, null);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => anonymous.Peers.ListPeersAsync(new ListPeersRequest()));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => anonymous.Peers.AddPeerAsync(
            FederatedPair.PeerRequest("anonymous", "https://127.0.0.1:1", _pair.Certificates.Issue("anonymous"))));
        await AssertNotRegisteredAsync("anonymous");
    }

    [Fact]
    public async Task ListExportedFacilities_OnTheClientEndpoint_IsPermissionDeniedEvenForTheOperator()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => _pair.SouthOperator.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(_pair.South, "client-endpoint");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => facility.Federation.ListExportedFacilitiesAsync(new ListExportedFacilitiesRequest()));
    }

    private async Task AssertNotRegisteredAsync(string name)
    {
        var peers = await _pair.NorthOperator.Peers.ListPeersAsync(new ListPeersRequest());
        Assert.DoesNotContain(peers.Peers, p => p.Name == name);
    }
}
