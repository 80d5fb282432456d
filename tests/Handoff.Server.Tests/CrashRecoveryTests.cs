using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// The server dies with SIGKILL halfway through an upload and starts again on the same data folder: the sender
/// declares again, is asked only for what is missing, and the transfer completes with every chunk stored once.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new("crash");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task SigkillMidUpload_RestartOnSameData_TransferCompletesWithNoChunkLostOrDuplicated()
    {
        var (_, keyA) = await HandoffApi.RegisterFacilityAsync(_server, "crash-a");
        var (_, keyB) = await HandoffApi.RegisterFacilityAsync(_server, "crash-b");
        var a = new HandoffApi(_server, keyA);
        // Large enough that the upload is still far from done when the kill lands a few milliseconds after a tenth
        // of it was acknowledged (with 40 slices a fast moment could finish the rest first).
        var study = LocalStudy.Write(_files.Combine("study"), seed: 7, slices: 160, series: 2);
        var declared = await ChunkUpload.DeclareAsync(a, study);
        Assert.Equal(study.TotalChunks, declared.MissingChunkHashes.Count);
        var transfer = await a.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "crash-1", DestinationFacilityId = "crash-b", StudyInstanceUids = { study.StudyInstanceUid }, Priority = Priority.Urgent,
        });

        var acked = 0;
        var completed = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var enoughAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upload = ChunkUpload.UploadAsync(a, study, declared.MissingChunkHashes, streams: 2, onAck: ack =>
        {
            foreach (var sop in ack.CompletedSopInstanceUids)
                completed[sop] = true;
            if (Interlocked.Increment(ref acked) == study.TotalChunks / 10)
                enoughAcked.TrySetResult();
        });
        await enoughAcked.Task.WaitAsync(Deadline);
        _server.Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        var ackedBeforeKill = Volatile.Read(ref acked);
        Assert.True(ackedBeforeKill < study.TotalChunks, "the upload finished before the kill; nothing was tested");

        await _server.RestartAsync();
        a = new HandoffApi(_server, keyA);
        var b = new HandoffApi(_server, keyB);
        var redeclared = await ChunkUpload.DeclareAsync(a, study);
        // An instance reported complete was written before its ack: none of its chunks is asked for again. Chunks of
        // instances still incomplete may be (a study records them at least every 2 s, not per chunk).
        var durable = study.Instances.Where(i => completed.ContainsKey(i.SopInstanceUid)).SelectMany(i => i.ChunkHashes).Select(Convert.ToHexStringLower).ToHashSet();
        Assert.NotEmpty(durable);
        Assert.DoesNotContain(redeclared.MissingChunkHashes, hash => durable.Contains(Convert.ToHexStringLower(hash.Span)));
        Assert.InRange(redeclared.MissingChunkHashes.Count, 1, study.TotalChunks - durable.Count);
        await ChunkUpload.UploadAsync(a, study, redeclared.MissingChunkHashes, streams: 2);
        var status = await a.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        Assert.Equal(study.Instances.Count, status.InstancesComplete);

        var receiver = new TransferReceiver(b, transfer.Id, _files.Combine("received"));
        await receiver.ReceiveAllAsync(Deadline);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        var acknowledged = await b.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest());
        Assert.True(acknowledged.Accepted);
        Assert.Equal(TransferState.Acknowledged, acknowledged.Transfer.State);

        var distinctChunks = study.Instances.SelectMany(i => i.ChunkHashes).Select(Convert.ToHexStringLower).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(distinctChunks, _server.ChunkFiles());
        Assert.DoesNotContain(study.PatientName, _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(study.PatientId, _server.Output, StringComparison.Ordinal);
    }
}
