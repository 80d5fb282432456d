using System.Security.Cryptography;
using Handoff.Client.Receipts;

namespace Handoff.Client.Tests;

/// <summary>
/// Who may vouch for what: a peer network's keys never make a receipt verify as confirmed by, or countersigned for, the
/// exporting cluster. One countersignature means a facility of the exporting cluster and its own countersignature; two
/// mean a peer's facility, the peer's countersignature, then the exporting cluster's. A key set built here stands in
/// for an export (the end-to-end forms of these checks run against real servers in the CLI and federation tests).
/// </summary>
public sealed class ReceiptVerifierTests : IDisposable
{
    private const string TransferId = "5b0f8f1e-9c1a-4d47-9d4c-1f2e3a4b5c6d";

    private readonly ECDsa _localFacility = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _localCluster = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _peerFacility = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _peerCluster = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _localFacility.Dispose();
        _localCluster.Dispose();
        _peerFacility.Dispose();
        _peerCluster.Dispose();
    }

    [Fact]
    public void LocalReceipt_CountersignedHere_Verifies()
    {
        var receipt = Receipt(_localFacility, "st-marys");
        var result = ReceiptVerifier.Verify(Document(TransferId, receipt, Countersign(_localCluster, TransferId, receipt)), Keys());
        Assert.True(result.Valid, result.Summary);
    }

    [Fact]
    public void PeersKeyClaimingALocalFacility_CountersignedOnlyByThePeer_IsRefused()
    {
        // The peer learned-key entry says "st-marys", but it is the peer's key: a peer speaks for its own network only.
        var receipt = Receipt(_peerFacility, "st-marys");
        var result = ReceiptVerifier.Verify(Document(TransferId, receipt, Countersign(_peerCluster, TransferId, receipt)), Keys(peerFacilityName: "st-marys"));
        Assert.False(result.Valid);
        Assert.Contains("only that network countersigned", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PeersCountersignatureOutermost_IsRefused_AndRelayedBackVerifiesOnlyWithThisClustersLast()
    {
        var receipt = Receipt(_peerFacility, "cardiac");
        var inner = Countersign(_peerCluster, TransferId, receipt);
        const string local = "0d7e8f9a-1b2c-4d3e-8f4a-5b6c7d8e9f00";

        var byPeerTwice = ReceiptVerifier.Verify(Document(local, receipt, inner, Countersign(_peerCluster, local, receipt, TransferId)), Keys());
        var relayed = ReceiptVerifier.Verify(Document(local, receipt, inner, Countersign(_localCluster, local, receipt, TransferId)), Keys());
        var three = ReceiptVerifier.Verify(Document(local, receipt, inner, Countersign(_localCluster, local, receipt, TransferId), Countersign(_localCluster, local, receipt, TransferId)), Keys());

        Assert.False(byPeerTwice.Valid);
        Assert.Contains("not by this cluster", byPeerTwice.Summary, StringComparison.Ordinal);
        Assert.True(relayed.Valid, relayed.Summary);
        Assert.False(three.Valid);
        Assert.Contains("3 countersignatures", three.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalReceipt_WithAPeersCountersignatureAsWell_IsRefused()
    {
        var receipt = Receipt(_localFacility, "st-marys");
        var result = ReceiptVerifier.Verify(Document(TransferId, receipt, Countersign(_localCluster, TransferId, receipt), Countersign(_localCluster, TransferId, receipt)), Keys());
        Assert.False(result.Valid);
        Assert.Contains("peer network's countersignature as well", result.Summary, StringComparison.Ordinal);
    }

    private ReceiptKeySet Keys(string peerFacilityName = "cardiac") => new(
    [
        Key(_localFacility, ReceiptPublicKey.FacilityRole, "st-marys", null),
        Key(_localCluster, ReceiptPublicKey.ClusterRole, null, null),
        Key(_peerFacility, ReceiptPublicKey.FacilityRole, peerFacilityName, "south"),
        Key(_peerCluster, ReceiptPublicKey.ClusterRole, null, "south"),
    ]);

    private static ReceiptPublicKey Key(ECDsa key, string role, string? facility, string? network)
    {
        var (x, y) = ReceiptKeys.Coordinates(key);
        return new ReceiptPublicKey("EC", "P-256", x, y, ReceiptKeys.Thumbprint(key), "sig", role, facility, network, null);
    }

    private static string Receipt(ECDsa key, string destination)
    {
        var instances = new List<ReceiptInstance> { new("1.2.3", "1.2.3.4", new string('a', 64)) };
        var content = new ReceiptContent(TransferId, "rural", destination, DateTimeOffset.UtcNow, 1 << 20, ReceiptContent.ComputeReceiptHash(instances), instances, null);
        return CompactJws.Sign(key, ReceiptKeys.Thumbprint(key), ReceiptContent.JwsType, content.ToJson());
    }

    private static string Countersign(ECDsa key, string transferId, string receipt, string receiptTransferId = TransferId) =>
        CompactJws.Sign(key, ReceiptKeys.Thumbprint(key), Countersignature.JwsType, Countersignature.Of(transferId, receiptTransferId, receipt, DateTimeOffset.UtcNow).ToJson());

    private static ReceiptDocument Document(string transferId, string receipt, params string[] countersignatures) =>
        new(ReceiptDocument.CurrentFormat, transferId, receipt, countersignatures);
}
