using Google.Protobuf;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// What a peer may not do, and what happens when a peer is no longer trusted: a chunk whose bytes do not match its
/// hash, or a transfer for a facility not exported to the peer. Each is refused with a clear status and nothing is stored.
/// </summary>
public sealed class RelayRefusalTests : IClassFixture<QuickRetryPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    private readonly QuickRetryPair _pair;
    private readonly TempFolder _files = new("refusal");

    public RelayRefusalTests(QuickRetryPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task UploadChunks_FromPeerWithBytesNotMatchingHash_InvalidArgumentAndNothingStored()
    {
        var study = LocalStudy.Write(_files.Combine("bad-hash"), seed: 83, slices: 2);
        using var peer = PeerClient.For(_pair.South, _pair.NorthCertificate, onBehalfOf: "rural-c");
        await peer.Uploads.DeclareStudyAsync(study.ToDeclareRequest());
        var before = RelayTimeline.StoredChunks(_pair.South);
        var instance = study.Instances[0];
        var tampered = instance.ReadChunk(0);
        tampered[^1] ^= 0xFF;

        using var call = peer.Uploads.UploadChunks();
        await call.RequestStream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = study.StudyInstanceUid } });
        await call.RequestStream.WriteAsync(new UploadChunksRequest { Chunk = new Chunk { Hash = ByteString.CopyFrom(instance.ChunkHashes[0]), Data = ByteString.CopyFrom(tampered) } });
        await call.RequestStream.CompleteAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(Convert.ToHexStringLower(instance.ChunkHashes[0]), refused.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, RelayTimeline.StoredChunks(_pair.South));
    }

    [Fact]
    public async Task CreateTransfer_FromPeerForFacilityNotExportedToIt_NotFoundLikeAFacilityThatDoesNotExist()
    {
        await HandoffApi.RegisterFacilityAsync(_pair.South, "hidden-c");
        var study = LocalStudy.Write(_files.Combine("not-exported"), seed: 84, slices: 2);
        using var peer = PeerClient.For(_pair.South, _pair.NorthCertificate, onBehalfOf: "rural-d");
        await peer.Uploads.DeclareStudyAsync(study.ToDeclareRequest());

        var hidden = await RpcAssert.FailsWith(StatusCode.NotFound, () => peer.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "claim-hidden", DestinationFacilityId = "hidden-c", StudyInstanceUids = { study.StudyInstanceUid },
        }));
        var absent = await RpcAssert.FailsWith(StatusCode.NotFound, () => peer.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "claim-absent", DestinationFacilityId = "no-such-c", StudyInstanceUids = { study.StudyInstanceUid },
        }));

        Assert.Equal(hidden.Status.Detail.Replace("hidden-c", "X", StringComparison.Ordinal), absent.Status.Detail.Replace("no-such-c", "X", StringComparison.Ordinal));
        var operatorView = await _pair.SouthOperator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        Assert.DoesNotContain(operatorView.Events, e => e.Action == "transfer.create" && e.Actor == "rural-d@north" && e.Outcome == "success");
    }
}
