using System.Buffers;
using System.Threading.Channels;
using Grpc.Core;

namespace Handoff.Client;

/// <summary>
/// One of the parallel upload workers: takes instances from the shared queue and sends their missing chunks over
/// its own stream, reusing one pooled chunk buffer for every chunk. When the connection drops it waits for the
/// server and sends the current instance again on a new stream; chunks lost in flight before that are found by the
/// session's final declaration, which asks the server what is still missing.
/// </summary>
internal sealed class ChunkUploader
{
    /// <summary>Chunks sent and not yet acknowledged, per stream.</summary>
    public const int Window = 16;

    private readonly HandoffConnection _connection;
    private readonly IInstanceSource _source;
    private readonly TransferCounters _counters;
    private readonly RetryPolicy _retry;
    private readonly int _chunkSize;

    public ChunkUploader(HandoffConnection connection, IInstanceSource source, int chunkSize, TransferCounters counters, RetryPolicy retry)
    {
        _connection = connection;
        _source = source;
        _chunkSize = chunkSize;
        _counters = counters;
        _retry = retry;
    }

    public async Task RunAsync(ChannelReader<UploadWork> queue, CancellationToken cancellationToken)
    {
        using var reader = _source.OpenChunkReader();
        var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
        StudyUploadStream? stream = null;
        try
        {
            await foreach (var work in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var failures = new RetryPolicy.FailureStreak(_retry);
                while (true)
                {
                    try
                    {
                        if (stream is not null && stream.StudyInstanceUid != work.StudyInstanceUid)
                        {
                            await FinishAsync(stream).ConfigureAwait(false);
                            stream = null;
                        }
                        stream ??= await StudyUploadStream.OpenAsync(work.StudyInstanceUid, _connection.Uploads, Window, _counters, cancellationToken).ConfigureAwait(false);
                        await SendAsync(stream, work, reader, buffer, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (RpcException e) when (failures.ShouldRetry(e, cancellationToken))
                    {
                        if (stream is not null)
                            await stream.DisposeAsync().ConfigureAwait(false);
                        stream = null;
                        await failures.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (stream is not null)
            {
                await FinishAsync(stream).ConfigureAwait(false);
                stream = null;
            }
        }
        finally
        {
            if (stream is not null)
                await stream.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Waits for a stream's last acknowledgements. A dropped connection here is not fatal: whatever was not
    /// acknowledged is still missing on the server, and the session's final declaration sends it again.
    /// </summary>
    private static async Task FinishAsync(StudyUploadStream stream)
    {
        try
        {
            await stream.CompleteAsync().ConfigureAwait(false);
        }
        catch (RpcException e) when (FailureClassifier.Classify(e) != FailureKind.Refused)
        {
            // Recovered by the final declaration, see above.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(StudyUploadStream stream, UploadWork work, IChunkReader reader, byte[] buffer, CancellationToken cancellationToken)
    {
        var hashes = work.Instance.Hashes;
        foreach (var index in work.ChunkIndices)
        {
            var length = hashes.LengthOf(index);
            await reader.ReadChunkAsync(work.Instance, index, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            // The bytes are re-hashed at send time only by the server: a file edited since it was hashed is caught
            // there as a hash mismatch naming the chunk, and the local hash pass is not paid twice.
            await stream.SendAsync(hashes.ToByteString(index), buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
    }
}
