using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>
/// One UploadChunks call for one study: the header, then one chunk per message with at most <c>window</c> chunks
/// awaiting their acknowledgement, so the stream stays full without buffering unbounded data in the transport.
/// Acknowledgements are read concurrently; a failure on either side surfaces as the server's status.
/// </summary>
internal sealed class StudyUploadStream : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<UploadChunksRequest, UploadChunksResponse> _call;
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _broken;
    private readonly CancellationToken _cancellation;
    private readonly ConcurrentQueue<int> _unacknowledgedLengths = new();
    private readonly TransferCounters _counters;
    private readonly Task _acknowledgements;
    private long _sent;
    private long _acknowledged;
    private int _disposed;

    /// <summary>How long a failed write waits for the server's status before giving its own error.</summary>
    private static readonly TimeSpan StatusWait = TimeSpan.FromSeconds(5);

    private StudyUploadStream(string studyInstanceUid, Uploads.UploadsClient client, int window, TransferCounters counters, CancellationToken cancellationToken)
    {
        StudyInstanceUid = studyInstanceUid;
        _counters = counters;
        _window = new SemaphoreSlim(window, window);
        _cancellation = cancellationToken;
        _broken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _call = client.UploadChunks(cancellationToken: _broken.Token);
        _acknowledgements = ReadAcknowledgementsAsync();
    }

    public string StudyInstanceUid { get; }

    /// <summary>Chunks sent on this stream so far; the n-th chunk sent is acknowledged once <see cref="Acknowledged"/> reaches n.</summary>
    public long Sent => _sent;

    /// <summary>Chunks the server acknowledged on this stream (it acknowledges them in the order they were sent).</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public static async Task<StudyUploadStream> OpenAsync(string studyInstanceUid, Priority priority, Uploads.UploadsClient client, int window, TransferCounters counters, CancellationToken cancellationToken)
    {
        var stream = new StudyUploadStream(studyInstanceUid, client, window, counters, cancellationToken);
        await stream.WriteAsync(new UploadChunksRequest { Header = new UploadHeader { StudyInstanceUid = studyInstanceUid, Priority = priority } }).ConfigureAwait(false);
        return stream;
    }

    /// <summary>
    /// Sends one chunk. <paramref name="data"/> is wrapped, not copied: gRPC has serialized the message when the write
    /// completes, so the caller may reuse its buffer as soon as this returns.
    /// </summary>
    public async Task SendAsync(ByteString hash, ReadOnlyMemory<byte> data)
    {
        try
        {
            await _window.WaitAsync(_broken.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!_cancellation.IsCancellationRequested)
        {
            throw await WriteFailureAsync(e).ConfigureAwait(false); // the reader failed and stopped us
        }
        _unacknowledgedLengths.Enqueue(data.Length);
        _sent++;
        await WriteAsync(new UploadChunksRequest { Chunk = new Chunk { Hash = hash, Data = UnsafeByteOperations.UnsafeWrap(data) } }).ConfigureAwait(false);
    }

    /// <summary>Ends the request side and waits for every acknowledgement.</summary>
    public async Task CompleteAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException)
        {
            // The call already ended; its status comes from the acknowledgement reader below.
        }
        await _acknowledgements.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _broken.CancelAsync().ConfigureAwait(false);
        try
        {
            await _acknowledgements.ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // Disposing after a failure: the failure was already reported by whoever saw it first.
        }
        _call.Dispose();
        _broken.Dispose();
        _window.Dispose();
    }

    private async Task WriteAsync(UploadChunksRequest request)
    {
        try
        {
            await _call.RequestStream.WriteAsync(request, _broken.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!_cancellation.IsCancellationRequested)
        {
            throw await WriteFailureAsync(e).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Why a write failed. When the server ended the call, its status (a refused chunk, say) arrives on the response
    /// side, so that is awaited briefly and preferred. A connection that broke surfaces on the request side as a
    /// bare IOException; it becomes Unavailable, the status the retry logic recognises as "try again".
    /// </summary>
    private async Task<Exception> WriteFailureAsync(Exception writeError)
    {
        try
        {
            await _acknowledgements.WaitAsync(StatusWait).ConfigureAwait(false);
        }
        catch (RpcException status) when (status.StatusCode != StatusCode.Cancelled)
        {
            return status;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or TimeoutException)
        {
            // No better answer from the server than the write error itself.
        }
        return writeError as RpcException ?? new RpcException(new Status(StatusCode.Unavailable, "the upload stream broke: " + writeError.Message, writeError));
    }

    private async Task ReadAcknowledgementsAsync()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync(_broken.Token).ConfigureAwait(false))
            {
                if (response.CompletedSopInstanceUids.Count > 0)
                    _counters.AddDone(response.CompletedSopInstanceUids.Count);
                // One acknowledgement per chunk; a surplus one (a server bug) must not widen the window.
                if (_unacknowledgedLengths.TryDequeue(out var length))
                {
                    _counters.AddMoved(length);
                    Interlocked.Increment(ref _acknowledged);
                    _window.Release();
                }
            }
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            await _broken.CancelAsync().ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.Unavailable, "the upload stream broke: " + e.Message, e));
        }
        catch
        {
            await _broken.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
