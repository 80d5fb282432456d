using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.Hostile;

/// <summary>
/// What one facility's uploads may hold on the server: content another facility stored is not theirs for the asking,
/// a study cannot grow without end, and a stream that sends nothing (or nothing more) is closed.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private readonly TempFolder _files = new("upload-limits");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync("--Handoff:Upload:StreamIdleTimeout=00:00:02", "--Handoff:Upload:MaxInstancesPerStudy=6");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task DeclareStudy_AnotherFacilitysExactFile_EveryChunkMissingAndNothingCompletesWithoutUpload()
    {
        var (owner, _) = await HandoffApi.RegisterFacilityAsync(_server, "leak-owner");
        var (prober, _) = await HandoffApi.RegisterFacilityAsync(_server, "leak-prober");
        var study = LocalStudy.Write(_files.Combine("owned"), seed: 521, slices: 2);
        await LibraryUpload.UploadAsync(owner, study);

        var probe = await ChunkUpload.DeclareAsync(prober, study);

        Assert.Equal(study.TotalChunks, probe.MissingChunkHashes.Count);
        Assert.Equal(0, probe.Status.InstancesComplete);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => prober.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid }));

        // Proving possession the only way there is, by sending the bytes, makes the prober's study its own.
        await ChunkUpload.UploadAsync(prober, study, probe.MissingChunkHashes, streams: 1);
        var completed = await prober.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        Assert.Equal(study.Instances.Count, completed.InstancesComplete);
    }

    [Fact]
    public async Task DeclareStudy_BeyondTheInstanceLimit_ResourceExhaustedAndStudyUnchanged()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "limit-grow");
        var study = LocalStudy.Write(_files.Combine("big"), seed: 522, slices: 8);
        await ChunkUpload.DeclareAsync(api, study, study.Instances.Take(4));

        var failure = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => ChunkUpload.DeclareAsync(api, study, study.Instances.Skip(4)));

        Assert.Contains("at most 6", failure.Status.Detail, StringComparison.Ordinal);
        var status = await api.Uploads.GetStudyStatusAsync(new GetStudyStatusRequest { StudyInstanceUid = study.StudyInstanceUid });
        Assert.Equal(4, status.InstancesDeclared);
    }

    [Fact]
    public async Task UploadChunks_StreamThatSendsOnlyItsHeader_ClosedWithDeadlineExceeded()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "limit-idle");
        var study = LocalStudy.Write(_files.Combine("idle"), seed: 523, slices: 1);
        await ChunkUpload.DeclareAsync(api, study);
        using var call = api.Uploads.UploadChunks();
        await call.RequestStream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = study.StudyInstanceUid } });

        var failure = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(IdleTimeout * 10));

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.Contains("next chunk of study " + study.StudyInstanceUid, failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadChunks_StreamThatSendsNothing_ClosedWithDeadlineExceeded()
    {
        var (api, _) = await HandoffApi.RegisterFacilityAsync(_server, "limit-silent");
        using var call = api.Uploads.UploadChunks();

        var failure = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(IdleTimeout * 10));

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.Contains("header", failure.Status.Detail, StringComparison.Ordinal);
    }
}
