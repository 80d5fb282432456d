using System.Buffers;
using System.Threading.Channels;
using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// One of the parallel upload workers: takes instances from the shared queue and sends their missing chunks over its
/// own stream (one per study), reusing one pooled chunk buffer for every chunk. Each instance sent on a stream stays in
/// hand until the server has acknowledged its last chunk (at most a window's worth of instances): when the stream breaks (a dropped connection, a server that
/// refused to open it for the caller's call rate), the worker waits as the retry rule says and sends them again on a
/// new stream, then goes on. Chunks are content-addressed, so sending one twice is harmless; the session's final
/// declaration remains the backstop for anything still missing.
/// </summary>
internal sealed class ChunkUploader
{
    /// <summary>Chunks sent and not yet acknowledged, per stream.</summary>
    public const int Window = 16;

    private readonly HandoffConnection _connection;
    private readonly Func<IChunkReader> _openReader;
    private readonly TransferCounters _counters;
    private readonly RetryPolicy _retry;
    private readonly int _chunkSize;
    /// <summary>Sent with each stream's header: where uploads compete, the server stores the more urgent first.</summary>
    private readonly Priority _priority;
    /// <summary>Instances sent and not yet confirmed, in the order sent, with the stream sequence of their last chunk.</summary>
    private readonly List<(UploadWork Work, long LastChunk)> _unconfirmed = [];
    private StudyUploadStream? _stream;

    public ChunkUploader(HandoffConnection connection, Func<IChunkReader> openReader, int chunkSize, Priority priority, TransferCounters counters, RetryPolicy retry)
    {
        _priority = priority;
        _connection = connection;
        _openReader = openReader;
        _chunkSize = chunkSize;
        _counters = counters;
        _retry = retry;
    }

    public async Task RunAsync(ChannelReader<UploadWork> queue, CancellationToken cancellationToken)
    {
        using var reader = _openReader();
        var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
        try
        {
            await foreach (var work in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_stream is not null && _stream.StudyInstanceUid != work.StudyInstanceUid)
                    await FinishAsync(reader, buffer, cancellationToken).ConfigureAwait(false);
                await WithRetryAsync(work.StudyInstanceUid, reader, buffer, async () =>
                {
                    DropConfirmed(_stream!);
                    await SendAsync(_stream!, work, reader, buffer, cancellationToken).ConfigureAwait(false);
                    _unconfirmed.Add((work, _stream!.Sent));
                }, cancellationToken).ConfigureAwait(false);
            }
            if (_stream is not null)
                await FinishAsync(reader, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Ends the current stream and waits for its last acknowledgements. When it breaks first, what it did not confirm
    /// is sent again on a new stream; past the retry budget the final declaration finds it instead.
    /// </summary>
    private async Task FinishAsync(IChunkReader reader, byte[] buffer, CancellationToken cancellationToken)
    {
        var study = _stream!.StudyInstanceUid;
        try
        {
            await WithRetryAsync(study, reader, buffer, () => _stream!.CompleteAsync(), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (FailureClassifier.Classify(e) != FailureKind.Refused)
        {
            // Out of retry budget: recovered (or reported) by the session's final declaration.
        }
        _unconfirmed.Clear();
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="step"/> on the study's stream, opening one (and sending again what the previous stream
    /// did not confirm) when there is none, until it succeeds or the failure is not worth retrying.
    /// </summary>
    private async Task WithRetryAsync(string study, IChunkReader reader, byte[] buffer, Func<Task> step, CancellationToken cancellationToken)
    {
        var failures = new RetryPolicy.FailureStreak(_retry);
        while (true)
        {
            try
            {
                if (_stream is null)
                {
                    _stream = await StudyUploadStream.OpenAsync(study, _priority, _connection.Uploads, Window, _counters, cancellationToken).ConfigureAwait(false);
                    await ResendUnconfirmedAsync(_stream, reader, buffer, cancellationToken).ConfigureAwait(false);
                }
                await step().ConfigureAwait(false);
                return;
            }
            catch (RpcException e) when (failures.ShouldRetry(e, cancellationToken))
            {
                await CloseAsync().ConfigureAwait(false);
                await failures.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Forgets the instances whose last chunk the server acknowledged (acknowledgements come in order).</summary>
    private void DropConfirmed(StudyUploadStream stream)
    {
        var confirmed = 0;
        while (confirmed < _unconfirmed.Count && _unconfirmed[confirmed].LastChunk <= stream.Acknowledged)
            confirmed++;
        _unconfirmed.RemoveRange(0, confirmed);
    }

    /// <summary>
    /// Sends what the broken stream did not confirm on the new one. Each entry is marked unsent first, so a stream
    /// that breaks again halfway leaves every one of them to the next attempt.
    /// </summary>
    private async Task ResendUnconfirmedAsync(StudyUploadStream stream, IChunkReader reader, byte[] buffer, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _unconfirmed.Count; i++)
            _unconfirmed[i] = (_unconfirmed[i].Work, long.MaxValue);
        for (var i = 0; i < _unconfirmed.Count; i++)
        {
            await SendAsync(stream, _unconfirmed[i].Work, reader, buffer, cancellationToken).ConfigureAwait(false);
            _unconfirmed[i] = (_unconfirmed[i].Work, stream.Sent);
        }
    }

    private async Task CloseAsync()
    {
        if (_stream is { } stream)
        {
            _stream = null;
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
