using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Every bad input gets its status and a message naming the instance or field, and the facility's study that was
/// already sent (status, manifest, chunk files) is exactly as it was afterwards.
/// </summary>
public sealed class BadInputTests : IClassFixture<ServerFixture>, IDisposable
{
    private static int s_facilities;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("bad-input");

    public BadInputTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    private async Task<SentStudy> SendGoodStudyAsync()
    {
        var n = Interlocked.Increment(ref s_facilities);
        return await SentStudy.CreateAsync(_server, $"bad-{n}", _files.Combine($"good-{n}"), seed: 100 + n);
    }

    [Fact]
    public async Task UploadChunks_HashMismatch_InvalidArgumentNamingTheHash_NothingStored()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var claimed = sent.Study.Instances[0].ChunkHashes[1];
        // The length its position requires (a full chunk), so only the content is wrong.
        var chunk = new Chunk { Hash = ByteString.CopyFrom(claimed), Data = ByteString.CopyFrom(new byte[ChunkSizes.Small]) };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendAsync(sent.Sender, sent.Study.StudyInstanceUid, [chunk]));
        Assert.Contains(Convert.ToHexStringLower(claimed), failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("does not match", failure.Status.Detail, StringComparison.Ordinal);
        var field = failure.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Single().Field;
        Assert.Equal("chunk.hash", field);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: false);
    }

    [Fact]
    public async Task UploadChunks_ChunkOfNoDeclaredInstance_InvalidArgumentNamingStudy()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var data = RandomNumberGenerator.GetBytes(4096);
        var chunk = new Chunk { Hash = ByteString.CopyFrom(SHA256.HashData(data)), Data = ByteString.CopyFrom(data) };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendAsync(sent.Sender, sent.Study.StudyInstanceUid, [chunk]));
        Assert.Contains("is not part of any declared instance of study " + sent.Study.StudyInstanceUid, failure.Status.Detail, StringComparison.Ordinal);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: false);
    }

    [Fact]
    public async Task UploadChunks_OversizeChunk_InvalidArgumentSayingOversize()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var data = new byte[ChunkSizes.Small + 1];
        var chunk = new Chunk { Hash = ByteString.CopyFrom(SHA256.HashData(data)), Data = ByteString.CopyFrom(data) };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendAsync(sent.Sender, sent.Study.StudyInstanceUid, [chunk]));
        Assert.Contains("oversize", failure.Status.Detail, StringComparison.Ordinal);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: false);
    }

    [Fact]
    public async Task UploadChunks_FirstMessageNotAHeader_InvalidArgumentNamingTheHeader()
    {
        var sent = await SendGoodStudyAsync();
        var chunk = new UploadChunksRequest { Chunk = new Chunk { Hash = ByteString.CopyFrom(new byte[32]), Data = ByteString.Empty } };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendRawAsync(sent.Sender, [chunk]));
        Assert.Contains("header", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadChunks_HeaderWithAnUnknownPriority_InvalidArgumentNamingIt_NothingStored()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var header = new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = sent.Study.StudyInstanceUid, Priority = (Priority)99 } };
        var chunk = new UploadChunksRequest { Chunk = new Chunk { Hash = ByteString.CopyFrom(new byte[32]), Data = ByteString.Empty } };

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendRawAsync(sent.Sender, [header, chunk]));

        Assert.Contains("header.priority", failure.Status.Detail, StringComparison.Ordinal);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: false);
    }

    [Fact]
    public async Task Upload_NonDicomContent_InvalidArgumentNamingInstanceAndSource()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var text = _files.Combine("notes.txt");
        await File.WriteAllTextAsync(text, string.Concat(Enumerable.Repeat("This is a referral letter, not an image.\n", 200)));
        var other = OtherStudyUpload.Of(LocalInstance.Hash(text, "1.2.826.0.1.3680043.10.1.1", ChunkSizes.Small));
        var failure = await OtherStudyUpload.UploadExpectingRejectionAsync(sent.Sender, other);
        Assert.Contains("1.2.826.0.1.3680043.10.1.1", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("notes.txt", failure.Status.Detail, StringComparison.Ordinal);
        var status = await sent.Sender.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = other.Uid });
        Assert.Contains(status.Problems, p => p.SopInstanceUid == "1.2.826.0.1.3680043.10.1.1");
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => sent.Sender.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = other.Uid }));
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: true);
    }

    [Fact]
    public async Task Upload_InstanceOfAnotherStudy_InvalidArgumentNamingBothStudyUids()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var foreign = LocalStudy.Write(_files.Combine("foreign"), seed: 999, slices: 1, rows: 32, columns: 32);
        var other = OtherStudyUpload.Of(foreign.Instances[0]);
        var failure = await OtherStudyUpload.UploadExpectingRejectionAsync(sent.Sender, other);
        Assert.Contains(foreign.Instances[0].SopInstanceUid, failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(foreign.StudyInstanceUid, failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Study Instance UID", failure.Status.Detail, StringComparison.Ordinal);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: true);
    }

    [Fact]
    public async Task Declare_SopInstanceUidAgainWithOtherBytes_AlreadyExistsNamingIt()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        var original = sent.Study.Instances[0];
        var changed = original with { ChunkHashes = [.. original.ChunkHashes.Take(2), RandomNumberGenerator.GetBytes(32)] };
        var request = new DeclareStudyRequest { StudyInstanceUid = sent.Study.StudyInstanceUid, Instances = { changed.ToDeclaration() } };
        var failure = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => sent.Sender.Uploads.DeclareStudyAsync(request));
        Assert.Contains(original.SopInstanceUid, failure.Status.Detail, StringComparison.Ordinal);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: false);
    }

    [Fact]
    public async Task Declare_HashOfWrongLength_InvalidArgumentNamingTheField()
    {
        var sent = await SendGoodStudyAsync();
        var declaration = sent.Study.Instances[0].ToDeclaration();
        declaration.ChunkHashes[1] = ByteString.CopyFrom(new byte[16]);
        var request = new DeclareStudyRequest { StudyInstanceUid = sent.Study.StudyInstanceUid, Instances = { declaration } };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => sent.Sender.Uploads.DeclareStudyAsync(request));
        Assert.Contains("instances[0].chunk_hashes[1]", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongState_AcknowledgeBeforeAvailableOrAddToCancelled_FailedPrecondition()
    {
        var sent = await SendGoodStudyAsync();
        var before = await sent.CaptureAsync();
        // A study whose bytes never arrive: its transfer stays Receiving.
        var declaration = new InstanceDeclaration { SopInstanceUid = "1.2.826.0.1.3680043.10.1.2", Size = 10, SourceName = "never-sent.dcm" };
        declaration.ChunkHashes.Add(ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)));
        var uid = OtherStudyUpload.NewStudyUid();
        await sent.Sender.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = uid, Instances = { declaration } });
        var transfer = await sent.Sender.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "wrong-state", DestinationFacilityId = sent.DestinationId, StudyInstanceUids = { uid },
        });
        var receipt = new InstanceReceipt { SopInstanceUid = declaration.SopInstanceUid, ContentHash = ByteString.CopyFrom(new byte[32]) };
        var early = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => sent.Destination.Downloads.AcknowledgeAsync(
            new AcknowledgeRequest { TransferId = transfer.Id, Instances = { receipt } }));
        Assert.Contains(transfer.Id, early.Status.Detail, StringComparison.Ordinal);
        var cancelled = await sent.Sender.Transfers.CancelTransferAsync(new CancelTransferRequest { TransferId = transfer.Id, Reason = "patient stayed" });
        Assert.Equal(TransferState.Cancelled, cancelled.State);
        var again = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => sent.Sender.Transfers.AddStudiesAsync(
            new AddStudiesRequest { TransferId = transfer.Id, RequestId = "priors", StudyInstanceUids = { sent.Study.StudyInstanceUid } }));
        Assert.Contains(transfer.Id, again.Status.Detail, StringComparison.Ordinal);
        await sent.AssertUnchangedSinceAsync(before, allowNewChunks: false);
    }

    [Fact]
    public async Task CreateTransfer_UnknownDestination_NotFoundNamingIt()
    {
        var sent = await SendGoodStudyAsync();
        var failure = await RpcAssert.FailsWith(StatusCode.NotFound, () => sent.Sender.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "to-nowhere", DestinationFacilityId = "nowhere-general", StudyInstanceUids = { sent.Study.StudyInstanceUid },
        }));
        Assert.Contains("nowhere-general", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTransfer_UndeclaredStudy_NotFoundNamingIt()
    {
        var sent = await SendGoodStudyAsync();
        var failure = await RpcAssert.FailsWith(StatusCode.NotFound, () => sent.Sender.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "undeclared", DestinationFacilityId = sent.DestinationId, StudyInstanceUids = { "1.2.3.4.5.6.7" },
        }));
        Assert.Contains("1.2.3.4.5.6.7", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadChunks_ChunkOfAStudyOutsideTheTransfer_NotFoundNamingTheChunkAndNothingServed()
    {
        var mine = await SendGoodStudyAsync();
        var theirs = await SendGoodStudyAsync();
        // The chunk store is shared by every facility: the other study's chunk is on this server, but not in my transfer.
        var foreign = theirs.Study.Instances[0].ChunkHashes[0];
        var request = new DownloadChunksRequest { TransferId = mine.TransferId };
        request.ChunkHashes.Add(ByteString.CopyFrom(mine.Study.Instances[0].ChunkHashes[0]));
        request.ChunkHashes.Add(ByteString.CopyFrom(foreign));
        var served = 0;

        var failure = await RpcAssert.FailsWith(StatusCode.NotFound, async () =>
        {
            using var call = mine.Destination.Downloads.DownloadChunks(request);
            while (await call.ResponseStream.MoveNext())
                served++;
        });

        Assert.Equal(0, served);
        Assert.Contains(Convert.ToHexStringLower(foreign), failure.Status.Detail, StringComparison.Ordinal);
    }
}
