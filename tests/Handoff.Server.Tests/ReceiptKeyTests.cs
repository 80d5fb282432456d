using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Handoff.Client.Receipts;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// RegisterReceiptKey and ListReceiptKeys on a real server, with the hostile requests: a key that is not P-256, bytes
/// that are no key, a facility registering for another, past the per-facility limit; and the list pages with the
/// cluster's own key first, its id the RFC 7638 thumbprint a verifier recomputes.
/// </summary>
public sealed class ReceiptKeyTests : IClassFixture<ServerFixture>
{
    private readonly ServerProcess _server;

    public ReceiptKeyTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task HostileRegistrations_AreRefused_NamingTheField_AndNothingIsRegistered()
    {
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(_server, "rk-hostile");
        var (other, _) = await HandoffApi.RegisterFacilityAsync(_server, "rk-other");
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var wrongCurve = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => facility.Receipts.RegisterReceiptKeyAsync(Key(p384.ExportSubjectPublicKeyInfo())));
        var garbage = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => facility.Receipts.RegisterReceiptKeyAsync(Key(new byte[91])));
        var oversized = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => facility.Receipts.RegisterReceiptKeyAsync(Key(new byte[4096])));
        var forAnother = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => other.Receipts.RegisterReceiptKeyAsync(new RegisterReceiptKeyRequest
        {
            FacilityId = "rk-hostile",
            PublicKey = ByteString.CopyFrom(p256.ExportSubjectPublicKeyInfo()),
        }));

        Assert.Equal("public_key", RpcAssert.ViolatedField(wrongCurve));
        Assert.Contains("P-256", wrongCurve.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("public_key", RpcAssert.ViolatedField(garbage));
        Assert.Equal("public_key", RpcAssert.ViolatedField(oversized));
        Assert.Contains("facility itself", forAnother.Status.Detail, StringComparison.Ordinal);
        var keys = await AllKeysAsync(facility);
        Assert.DoesNotContain(keys, k => k.FacilityId is "rk-hostile" or "rk-other");
    }

    [Fact]
    public async Task AFacilityRegistersUpToItsLimit_AgainIsHarmless_AndTheListPagesWithTheClusterKeyFirst()
    {
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(_server, "rk-limit");
        var registered = new List<ReceiptKey>();
        for (var i = 0; i < 20; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            registered.Add(await facility.Receipts.RegisterReceiptKeyAsync(Key(key.ExportSubjectPublicKeyInfo())));
            Assert.Equal(ReceiptKeys.Thumbprint(key), registered[^1].Kid);
        }
        var again = await facility.Receipts.RegisterReceiptKeyAsync(new RegisterReceiptKeyRequest { PublicKey = registered[0].PublicKey });
        using var oneTooMany = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var refused = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => facility.Receipts.RegisterReceiptKeyAsync(Key(oneTooMany.ExportSubjectPublicKeyInfo())));

        Assert.Equal(registered[0].Kid, again.Kid);
        Assert.Contains("20 receipt keys", refused.Status.Detail, StringComparison.Ordinal);
        var firstPage = await facility.Receipts.ListReceiptKeysAsync(new ListReceiptKeysRequest { Limit = 7 });
        Assert.Equal(ReceiptKeyRole.Cluster, firstPage.Keys[0].Role);
        Assert.NotEmpty(firstPage.NextPageToken);
        var all = await AllKeysAsync(facility);
        Assert.Equal(registered.Select(k => k.Kid).Order(StringComparer.Ordinal), all.Where(k => k.FacilityId == "rk-limit").Select(k => k.Kid).Order(StringComparer.Ordinal));
        Assert.Single(all, k => k.Role == ReceiptKeyRole.Cluster);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => facility.Receipts.ListReceiptKeysAsync(new ListReceiptKeysRequest { Limit = 501 }));
    }

    [Fact]
    public async Task AnAcknowledgementPastTheChunkSizedLimit_IsRead_AndAForgedReceiptInItIsRefusedNamingTheField()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, "rk-big-a");
        var (receiver, _) = await HandoffApi.RegisterFacilityAsync(_server, "rk-big-b");
        using var files = new TempFolder("receipt-size");
        var sent = await LibraryUpload.SendAsync(sender, "rk-big-b", LocalStudy.Write(files.Combine("study"), seed: 611, slices: 2));
        var header = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"ES256\",\"kid\":\"x\",\"typ\":\"handoff-receipt+json\"}"u8);
        var forged = header + "." + new string('A', 3 * 1024 * 1024) + "." + System.Buffers.Text.Base64Url.EncodeToString(new byte[64]);

        var refused = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => receiver.Downloads.AcknowledgeAsync(new AcknowledgeRequest
        {
            TransferId = sent.TransferId,
            SignedReceipt = forged,
        }));

        Assert.Equal("signed_receipt", RpcAssert.ViolatedField(refused));
        Assert.Contains("not a registered receipt key of facility rk-big-b", refused.Status.Detail, StringComparison.Ordinal);
        Assert.NotEqual(TransferState.Acknowledged, (await receiver.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId })).State);
    }

    private static RegisterReceiptKeyRequest Key(byte[] publicKey) => new() { PublicKey = ByteString.CopyFrom(publicKey) };

    private static async Task<List<ReceiptKey>> AllKeysAsync(HandoffApi api)
    {
        var keys = new List<ReceiptKey>();
        var request = new ListReceiptKeysRequest { Limit = 7 };
        do
        {
            var page = await api.Receipts.ListReceiptKeysAsync(request);
            keys.AddRange(page.Keys);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return keys;
    }
}
