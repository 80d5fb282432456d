using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Hostile;

/// <summary>
/// A declaration's sizes are held against the chunks that arrive: every chunk is exactly as long as its position
/// requires, so what a study declares is what a receiver can write. Sent raw over gRPC, as a hostile facility would.
/// </summary>
public sealed class DeclaredSizeTests : IClassFixture<ServerFixture>, IDisposable
{
    private static int s_facilities;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("declared-size");

    public DeclaredSizeTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task UploadChunks_WholeFileAsTheOneChunkOfASmallerDeclaration_InvalidArgumentNamingInstanceAndChunk_NothingVerified()
    {
        var api = await NewFacilityAsync();
        var study = LocalStudy.Write(_files.Combine("small"), seed: 301, slices: 1, rows: 128, columns: 128);
        var file = File.ReadAllBytes(study.Instances[0].Path);
        Assert.InRange(file.Length, 4097, ChunkSizes.Small);
        var hash = SHA256.HashData(file);
        var declaration = Declaration(study.Instances[0].SopInstanceUid, size: 4096, hash);
        await api.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = study.StudyInstanceUid, Instances = { declaration } });

        var chunk = new Chunk { Hash = ByteString.CopyFrom(hash), Data = ByteString.CopyFrom(file) };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendAsync(api, study.StudyInstanceUid, [chunk]));

        Assert.Contains($"is {file.Length} bytes", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains($"chunk 0 of instance {study.Instances[0].SopInstanceUid}", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("must be 4096 bytes", failure.Status.Detail, StringComparison.Ordinal);
        await AssertNothingVerifiedAsync(api, study.StudyInstanceUid);
    }

    [Fact]
    public async Task UploadChunks_ShortChunkWhereAFullOneIsDeclared_InvalidArgument_NothingVerified()
    {
        var api = await NewFacilityAsync();
        var studyUid = "1.2.826.0.1.3680043.10.1.301";
        var (eightKb, oneByte) = (RandomNumberGenerator.GetBytes(8192), new byte[] { 7 });
        var declaration = Declaration("1.2.826.0.1.3680043.10.1.301.1", size: ChunkSizes.Small + 1, SHA256.HashData(eightKb), SHA256.HashData(oneByte));
        await api.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = studyUid, Instances = { declaration } });

        var last = new Chunk { Hash = ByteString.CopyFrom(SHA256.HashData(oneByte)), Data = ByteString.CopyFrom(oneByte) };
        var first = new Chunk { Hash = ByteString.CopyFrom(SHA256.HashData(eightKb)), Data = ByteString.CopyFrom(eightKb) };
        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ChunkUpload.SendAsync(api, studyUid, [last, first]));

        Assert.Contains($"must be {ChunkSizes.Small} bytes", failure.Status.Detail, StringComparison.Ordinal);
        await AssertNothingVerifiedAsync(api, studyUid);
    }

    [Fact]
    public async Task DeclareStudy_OneChunkRepeatedToAHundredTimesItsSize_InvalidArgumentNamingTheRule()
    {
        var api = await NewFacilityAsync();
        var hash = SHA256.HashData(new byte[ChunkSizes.Small]);
        var hashes = Enumerable.Repeat(hash, 100).ToArray();
        var declaration = Declaration("1.2.826.0.1.3680043.10.1.302.1", size: 100L * ChunkSizes.Small, hashes);

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => api.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = "1.2.826.0.1.3680043.10.1.302", Instances = { declaration } }));

        Assert.Contains("100 chunks but only 1 distinct", failure.Status.Detail, StringComparison.Ordinal);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => api.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = "1.2.826.0.1.3680043.10.1.302" }));
    }

    [Fact]
    public async Task DeclareStudy_SameHashAsAFullChunkAndAsAShortLastChunk_InvalidArgumentNamingTheChunk()
    {
        var api = await NewFacilityAsync();
        var hash = SHA256.HashData(new byte[ChunkSizes.Small]);
        var studyUid = "1.2.826.0.1.3680043.10.1.303";
        var full = Declaration("1.2.826.0.1.3680043.10.1.303.1", size: ChunkSizes.Small, hash);
        await api.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = studyUid, Instances = { full } });
        var shortLast = Declaration("1.2.826.0.1.3680043.10.1.303.2", size: ChunkSizes.Small + 100, SHA256.HashData(new byte[] { 1 }), hash);

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => api.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = studyUid, Instances = { shortLast } }));

        Assert.Contains("instance 1.2.826.0.1.3680043.10.1.303.2", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("chunk 1", failure.Status.Detail, StringComparison.Ordinal);
        var status = await api.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = studyUid });
        Assert.Equal(1, status.InstancesDeclared);
    }

    [Fact]
    public async Task DeclareStudy_InstanceLargerThanTheLimit_InvalidArgumentNamingSize()
    {
        var api = await NewFacilityAsync();
        var size = 5L * 1024 * 1024 * 1024;
        // The size is refused before the chunk list is looked at (which would not fit in one message anyway).
        var declaration = Declaration("1.2.826.0.1.3680043.10.1.304.1", size, SHA256.HashData(new byte[] { 1 }));

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument,
            () => api.Uploads.DeclareStudyAsync(new DeclareStudyRequest { StudyInstanceUid = "1.2.826.0.1.3680043.10.1.304", Instances = { declaration } }));

        Assert.Contains($"declares {size} bytes", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("instances[0].size", failure.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Single().Field);
    }

    private async Task<HandoffApi> NewFacilityAsync() =>
        (await HandoffApi.RegisterFacilityAsync(_server, $"size-{Interlocked.Increment(ref s_facilities)}")).Api;

    private static InstanceDeclaration Declaration(string sopInstanceUid, long size, params byte[][] chunkHashes)
    {
        var declaration = new InstanceDeclaration { SopInstanceUid = sopInstanceUid, Size = size, SourceName = "hostile.dcm" };
        foreach (var hash in chunkHashes)
            declaration.ChunkHashes.Add(ByteString.CopyFrom(hash));
        return declaration;
    }

    /// <summary>No instance verified, the study cannot be accepted, so no transfer can ever call it Available.</summary>
    private static async Task AssertNothingVerifiedAsync(HandoffApi api, string studyUid)
    {
        var status = await api.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = studyUid });
        Assert.Equal(0, status.InstancesComplete);
        Assert.Equal(StudyState.Receiving, status.State);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => api.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = studyUid }));
    }
}
