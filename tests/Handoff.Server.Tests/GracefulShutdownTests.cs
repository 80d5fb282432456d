using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Handoff.Client;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// SIGTERM drains: new calls are refused with UNAVAILABLE, chunks already received are stored whole and acked,
/// the process exits 0 within the drain timeout, and a restart on the same data resumes with only what is missing.
/// </summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const int ChunksBeforePause = 3;

    private readonly TempFolder _files = new("shutdown");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Start_DrainTimeoutOutOfRange_ExitsNamingTheSetting()
    {
        await using var server = await ServerProcess.RunExpectingExitAsync("--Handoff:Shutdown:DrainTimeout=00:00:00");
        Assert.Equal(2, server.ExitCode);
        Assert.Contains("DrainTimeout", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_NoTraffic_ExitsZeroQuickly()
    {
        await using var server = await ServerProcess.StartAsync();
        var clock = Stopwatch.StartNew();
        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task SigtermMidUpload_TwoPausedStreams_AckedChunksStoredAndRestartResumes()
    {
        await using var server = await ServerProcess.StartAsync("--Handoff:Shutdown:DrainTimeout=00:00:10");
        var (_, key) = await HandoffApi.RegisterFacilityAsync(server, "drain-a");
        var api = new HandoffApi(server, key);
        var study = LocalStudy.Write(_files.Combine("study"), seed: 11, slices: 12);
        var declared = await ChunkUpload.DeclareAsync(api, study);
        Assert.Equal(study.TotalChunks, declared.MissingChunkHashes.Count);
        var lanes = new[] { new List<Chunk>(), new List<Chunk>() };
        var chunks = ChunksOf(study);
        for (var i = 0; i < declared.MissingChunkHashes.Count; i++)
            lanes[i % 2].Add(chunks[Convert.ToHexStringLower(declared.MissingChunkHashes[i].Span)]);
        Assert.All(lanes, lane => Assert.True(lane.Count > ChunksBeforePause + 1, "the study is too small to pause mid-stream"));

        var streams = lanes.Select(lane => new PausedStream(api, study.StudyInstanceUid, lane)).ToArray();
        foreach (var stream in streams)
            await stream.SendUntilPausedAsync(ChunksBeforePause);
        foreach (var stream in streams)
            await stream.AckedAtLeastAsync(ChunksBeforePause).WaitAsync(Deadline);

        var clock = Stopwatch.StartNew();
        var exit = server.TerminateAsync(TimeSpan.FromSeconds(25));
        await Poll.UntilAsync(async () => await IsRefusedAsync(api), Deadline, "new calls refused after SIGTERM");
        foreach (var stream in streams)
            await stream.ResumeAsync();
        Assert.Equal(0, await exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10 + 10), $"exit took {clock.Elapsed}");
        var outcomes = await Task.WhenAll(streams.Select(s => s.FinishAsync().WaitAsync(Deadline)));
        // Each stream ends well or as "try again": UNAVAILABLE from the draining server, or the connection closing under
        // a write still in flight (grpc-dotnet reports that as INTERNAL with the transport's exception inside). Never
        // a refusal: the client library retries both and resumes.
        Assert.True(outcomes.All(ended => ended is null || FailureClassifier.IsUnreachable(ended)),
            $"outcomes {string.Join(" | ", outcomes.Select(e => e is null ? "OK" : $"{e.StatusCode}: {e.Status.Detail} {e.Status.DebugException}"))}");

        var acked = streams.SelectMany(s => s.Acked).ToHashSet(StringComparer.Ordinal);
        Assert.True(acked.Count < study.TotalChunks, "the upload finished before shutdown; nothing was tested");
        foreach (var hash in acked)
        {
            var path = Path.Combine(server.DataPath, "chunks", hash[..2], hash);
            Assert.True(File.Exists(path), $"acked chunk {hash} is not in the store");
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        }

        await server.RestartAsync();
        api = new HandoffApi(server, key);
        var redeclared = await ChunkUpload.DeclareAsync(api, study);
        var missing = redeclared.MissingChunkHashes.Select(h => Convert.ToHexStringLower(h.Span)).ToList();
        Assert.NotEmpty(missing);
        Assert.DoesNotContain(missing, acked.Contains);
        await ChunkUpload.UploadAsync(api, study, redeclared.MissingChunkHashes, streams: 2);
        var status = await api.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        Assert.Equal(study.Instances.Count, status.InstancesComplete);
        Assert.Contains("refusing new calls", server.Output, StringComparison.Ordinal);
        Assert.Contains("gRPC calls drained", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(study.PatientName, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(study.PatientId, server.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, Chunk> ChunksOf(LocalStudy study)
    {
        var chunks = new Dictionary<string, Chunk>(StringComparer.Ordinal);
        foreach (var instance in study.Instances)
        {
            for (var i = 0; i < instance.ChunkHashes.Count; i++)
            {
                var hash = Convert.ToHexStringLower(instance.ChunkHashes[i]);
                if (!chunks.ContainsKey(hash))
                    chunks[hash] = new Chunk { Hash = ByteString.CopyFrom(instance.ChunkHashes[i]), Data = ByteString.CopyFrom(instance.ReadChunk(i)) };
            }
        }
        return chunks;
    }

    /// <summary>A new call is refused once shutdown began: by the gate while draining, or by a closed port after exit.</summary>
    private static async Task<bool> IsRefusedAsync(HandoffApi api)
    {
        try
        {
            await api.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest());
            return false;
        }
        catch (RpcException refused) when (refused.StatusCode == StatusCode.Unavailable)
        {
            return true;
        }
    }

    /// <summary>One upload stream the test holds: it sends some chunks, pauses, and sends the rest when told.</summary>
    private sealed class PausedStream
    {
        private readonly AsyncDuplexStreamingCall<UploadChunksRequest, UploadChunksResponse> _call;
        private readonly string _studyInstanceUid;
        private readonly IReadOnlyList<Chunk> _chunks;
        private readonly Task<RpcException?> _reading;
        private readonly List<string> _acked = [];
        private readonly TaskCompletionSource _enoughAcked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _ackTarget = int.MaxValue;
        private int _sent;

        public PausedStream(HandoffApi api, string studyInstanceUid, IReadOnlyList<Chunk> chunks)
        {
            _call = api.Uploads.UploadChunks();
            _studyInstanceUid = studyInstanceUid;
            _chunks = chunks;
            _reading = ReadAsync();
        }

        public IReadOnlyList<string> Acked
        {
            get
            {
                lock (_acked)
                    return [.. _acked];
            }
        }

        public async Task SendUntilPausedAsync(int count)
        {
            await _call.RequestStream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = _studyInstanceUid } });
            for (; _sent < count; _sent++)
                await _call.RequestStream.WriteAsync(new UploadChunksRequest { Chunk = _chunks[_sent] });
        }

        public async Task AckedAtLeastAsync(int count)
        {
            lock (_acked)
            {
                _ackTarget = count;
                if (_acked.Count >= count)
                    _enoughAcked.TrySetResult();
            }
            await Task.WhenAny(_enoughAcked.Task, _reading);
            Assert.True(_enoughAcked.Task.IsCompleted, "the stream ended before the pause");
        }

        public async Task ResumeAsync()
        {
            try
            {
                for (; _sent < _chunks.Count; _sent++)
                    await _call.RequestStream.WriteAsync(new UploadChunksRequest { Chunk = _chunks[_sent] });
                await _call.RequestStream.CompleteAsync();
            }
            catch (Exception) when (_reading.IsCompleted || _sent < _chunks.Count)
            {
                // The server ended the stream (or the process exited); its status is on the response side.
            }
        }

        /// <summary>How the stream ended: null for OK, else the status it ended with.</summary>
        public async Task<RpcException?> FinishAsync()
        {
            try
            {
                return await _reading;
            }
            finally
            {
                _call.Dispose();
            }
        }

        private async Task<RpcException?> ReadAsync()
        {
            await Task.Yield();
            try
            {
                while (await _call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    lock (_acked)
                    {
                        _acked.Add(Convert.ToHexStringLower(_call.ResponseStream.Current.Hash.Span));
                        if (_acked.Count >= _ackTarget)
                            _enoughAcked.TrySetResult();
                    }
                }
                return null;
            }
            catch (RpcException ended)
            {
                return ended;
            }
        }
    }
}
