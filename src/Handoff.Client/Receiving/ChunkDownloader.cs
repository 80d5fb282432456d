using System.Threading.Channels;
using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// One of the parallel download workers: gathers queued jobs into one DownloadChunks request (a few dozen chunks,
/// so small instances share a call and large ones spread over several workers), verifies each chunk as it
/// arrives and writes it to every instance that wants it. When the connection drops, the chunks not yet
/// received are requested again once the server is back.
/// </summary>
internal sealed class ChunkDownloader
{
    /// <summary>Chunks per request: enough to keep a stream busy, few enough that the work spreads over the streams.</summary>
    public const int MaxChunksPerRequest = 32;

    private readonly Downloads.DownloadsClient _client;
    private readonly string _transferId;
    private readonly ManifestTracker _tracker;
    private readonly TransferCounters _counters;
    private readonly RetryPolicy _retry;
    private readonly Action _allKnownComplete;

    public ChunkDownloader(Downloads.DownloadsClient client, string transferId, ManifestTracker tracker, TransferCounters counters, RetryPolicy retry, Action allKnownComplete)
    {
        _client = client;
        _transferId = transferId;
        _tracker = tracker;
        _counters = counters;
        _retry = retry;
        _allKnownComplete = allKnownComplete;
    }

    /// <summary>Splits an instance's needed chunks into jobs.</summary>
    public static IEnumerable<DownloadJob> JobsFor(ReceiveTarget target)
    {
        var needed = target.Needed;
        for (var start = 0; start < needed.Count; start += MaxChunksPerRequest)
        {
            var count = Math.Min(MaxChunksPerRequest, needed.Count - start);
            var indices = new int[count];
            for (var i = 0; i < count; i++)
                indices[i] = needed[start + i];
            yield return new DownloadJob(target, indices);
        }
    }

    public async Task RunAsync(ChannelReader<DownloadJob> queue, CancellationToken cancellationToken)
    {
        var batch = new List<DownloadJob>();
        while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            var chunks = 0;
            while (chunks < MaxChunksPerRequest && queue.TryRead(out var job))
            {
                batch.Add(job);
                chunks += job.ChunkIndices.Length;
            }
            if (batch.Count > 0)
                await DownloadWithRetryAsync(new ChunkRequest(batch), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DownloadWithRetryAsync(ChunkRequest request, CancellationToken cancellationToken)
    {
        var failures = new RetryPolicy.FailureStreak(_retry);
        while (true)
        {
            try
            {
                await DownloadAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RpcException e) when (failures.ShouldRetry(e, cancellationToken))
            {
                await failures.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DownloadAsync(ChunkRequest request, CancellationToken cancellationToken)
    {
        var message = new DownloadChunksRequest { TransferId = _transferId };
        message.ChunkHashes.AddRange(request.PendingHashes());
        using var call = _client.DownloadChunks(message, cancellationToken: cancellationToken);
        var completed = new List<ReceiveTarget>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var data = chunk.Data.Span;
            var actual = ChunkHash.Of(data);
            if (!ChunkHash.TryRead(chunk.Hash, out var claimed) || claimed != actual)
                throw new HandoffVerificationException($"the server sent bytes that do not match chunk {(chunk.Hash.Length == ChunkHash.Size ? ChunkHash.Read(chunk.Hash.Span).ToString() : "(malformed hash)")} of instance {request.InstancesWanting(claimed)}");
            var destinations = request.Take(actual);
            if (destinations is null)
                continue; // not asked for, or sent twice: nothing to write
            _counters.AddMoved(data.Length);
            completed.Clear();
            foreach (var (target, index) in destinations)
            {
                if (target.Assembly.WriteChunk(index, actual, data))
                    completed.Add(target);
            }
            foreach (var target in completed)
            {
                await target.Assembly.CommitAsync(cancellationToken).ConfigureAwait(false);
                _counters.AddDone(1);
                if (_tracker.MarkCompleted())
                    _allKnownComplete();
            }
        }
        if (request.Remaining > 0)
            throw new HandoffVerificationException($"the server ended the download without {request.Remaining} requested chunks (instance {request.FirstInstanceWaiting()})");
    }
}
