using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;
using Handoff.Protos.V1;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using Handoff.Server.Scheduling;
using Handoff.Server.Streams;
using Handoff.Storage.Chunks;

namespace Handoff.Server.Sending;

/// <summary>
/// One upload stream of one study. Each chunk is checked (declared, exactly the length its declared position
/// requires, hashing to its name), stored, and acknowledged once its study grain has recorded it. Reading runs ahead of acknowledging by a small
/// window, so a stream keeps the store busy while earlier chunks wait for their group commit; acks still go out in
/// the order the chunks came in. Bytes are never held beyond the message that carried them.
/// </summary>
public sealed class ChunkUploadSession : IDisposable
{
    /// <summary>Chunks stored but not yet acknowledged, per stream: bounds the memory a stream can pin.</summary>
    private const int AckWindow = 8;

    private readonly IStudyGrain _study;
    private readonly string _studyInstanceUid;
    private readonly IChunkStore _store;
    private readonly StudyChunkRecorderLease _lease;
    private readonly ChunkTurns _turns;
    private readonly int _chunkSize;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _stopping;

    public ChunkUploadSession(IStudyGrain study, string studyInstanceUid, IChunkStore store, StudyChunkRecorderLease lease,
        ChunkTurns turns, int chunkSize, TimeSpan idleTimeout, CancellationToken stopping)
    {
        _turns = turns;
        _study = study;
        _studyInstanceUid = studyInstanceUid;
        _store = store;
        _lease = lease;
        _chunkSize = chunkSize;
        _idleTimeout = idleTimeout;
        _stopping = stopping;
    }

    public int ChunksReceived { get; private set; }

    public async Task RunAsync(IAsyncStreamReader<UploadChunksRequest> requests, IServerStreamWriter<UploadChunksResponse> responses, CancellationToken callCancelled)
    {
        // Shutdown stops reading at the next message; the chunk in hand is still stored, recorded and acked, so a
        // chunk is either acked whole or never written (the store is atomic). Only the call's end or a failed ack
        // cancels the work itself.
        using var pipeline = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        using var idle = new CancellationTokenSource();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(pipeline.Token, _stopping, idle.Token);
        var acks = Channel.CreateBounded<Task<UploadChunksResponse>>(new BoundedChannelOptions(AckWindow) { SingleReader = true, SingleWriter = true });
        var writing = WriteAcksAsync(acks.Reader, responses, pipeline);
        Exception? readFailure = null;
        try
        {
            // Rescheduled per message: a stream that goes quiet, or trickles a chunk slower than this, is closed.
            while (!_stopping.IsCancellationRequested && RestartTimer(idle) && await requests.MoveNext(reading.Token))
                await acks.Writer.WriteAsync(await ReceiveAsync(requests.Current, pipeline.Token), pipeline.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !pipeline.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            readFailure = StreamTimeouts.Idle(_idleTimeout, $"the next chunk of study {_studyInstanceUid}");
        }
        catch (Exception exception)
        {
            readFailure = exception;
        }
        if (readFailure is null && _stopping.IsCancellationRequested && !callCancelled.IsCancellationRequested)
            readFailure = new OperationCanceledException(_stopping);
        acks.Writer.TryComplete();
        Exception? writeFailure = null;
        try
        {
            await writing; // after a bad chunk, the chunks before it are still acknowledged
        }
        catch (Exception exception)
        {
            writeFailure = exception;
        }
        ThrowFirstCause(readFailure, writeFailure, callCancelled);
    }

    private bool RestartTimer(CancellationTokenSource idle)
    {
        idle.CancelAfter(_idleTimeout);
        return true;
    }

    private void ThrowFirstCause(Exception? readFailure, Exception? writeFailure, CancellationToken callCancelled)
    {
        // A failed ack cancels reading, so the reader's cancellation is a symptom and the ack's failure the cause.
        if (writeFailure is not null && readFailure is null or OperationCanceledException)
            ExceptionDispatchInfo.Throw(writeFailure);
        if (readFailure is OperationCanceledException && !callCancelled.IsCancellationRequested && _stopping.IsCancellationRequested)
            throw UnavailableException.ShuttingDown("the server is shutting down; declare the study again to resume");
        if (readFailure is not null)
            ExceptionDispatchInfo.Throw(readFailure);
    }

    /// <summary>Verifies and stores one chunk; the returned task completes with its ack once the grain has recorded it.</summary>
    private async Task<Task<UploadChunksResponse>> ReceiveAsync(UploadChunksRequest message, CancellationToken cancellationToken)
    {
        if (message.PayloadCase != UploadChunksRequest.PayloadOneofCase.Chunk)
            throw new InvalidFieldException("chunk", "after the header, every message of an upload stream must carry one chunk");
        var chunk = message.Chunk;
        var hash = ChunkHashes.ToHex(chunk.Hash, "chunk.hash");
        if (chunk.Data.Length > _chunkSize)
            throw new InvalidFieldException("chunk.data", $"chunk {hash} is oversize: {chunk.Data.Length} bytes, the chunk size is {_chunkSize}");
        var required = await _lease.Recorder.Declared.RequiredLengthAsync(hash, cancellationToken)
            ?? throw new InvalidFieldException("chunk.hash", $"chunk {hash} is not part of any declared instance of study {_studyInstanceUid}");
        if (chunk.Data.Length != required)
            throw await LengthMismatchAsync(hash, chunk.Data.Length, required);
        using (await _turns.EnterAsync(cancellationToken))
            Verify(hash, chunk);
        await _store.PutAsync(hash, chunk.Data.Memory, cancellationToken);
        ChunksReceived++;
        Telemetry.ByteMetrics.ChunkStored(chunk.Data.Length);
        return AcknowledgeAsync(hash, chunk.Hash);
    }

    /// <summary>
    /// The chunk's bytes hash to its name. Run in the stream's turn, most urgent first: hashing is the CPU a chunk
    /// costs the server. Storing is not, because with Azure Storage it is a network round trip, and a turn held
    /// over one would idle the cores.
    /// </summary>
    private static void Verify(string hash, Chunk chunk)
    {
        Span<byte> actual = stackalloc byte[ChunkHashes.Length];
        SHA256.HashData(chunk.Data.Span, actual);
        if (!actual.SequenceEqual(chunk.Hash.Span))
        {
            Telemetry.ByteMetrics.VerifyFailed("upload");
            throw new InvalidFieldException("chunk.hash", $"chunk {hash} does not match its data (the data hashes to {Convert.ToHexStringLower(actual)}); nothing was stored");
        }
    }

    /// <summary>
    /// Not cancelled with the call: a chunk that is in the store is recorded for its study even when the sender has
    /// gone, because the study's record (not the shared store) is what spares the sender sending it again.
    /// </summary>
    private async Task<UploadChunksResponse> AcknowledgeAsync(string hash, Google.Protobuf.ByteString hashBytes)
    {
        var completed = await _lease.Recorder.RecordAsync(hash, CancellationToken.None);
        // Always true: whether identical bytes were already stored (perhaps for another facility) is not disclosed.
        var ack = new UploadChunksResponse { Hash = hashBytes, NewlyStored = true };
        ack.CompletedSopInstanceUids.AddRange(completed);
        return ack;
    }

    /// <summary>Names the instance and position the chunk was declared at, so the sender can find what it cut wrongly.</summary>
    private async Task<InvalidFieldException> LengthMismatchAsync(string hash, int length, int required)
    {
        var where = await _study.FindDeclaredChunk(hash) is { } position
            ? $"chunk {position.Index} of instance {position.SopInstanceUid} ({InputEcho.Quote(position.SourceName, 128)})"
            : $"a declared chunk of study {_studyInstanceUid}";
        return new InvalidFieldException("chunk.data",
            $"chunk {hash} is {length} bytes, but it is {where}, which must be {required} bytes; nothing was stored");
    }

    private static async Task WriteAcksAsync(ChannelReader<Task<UploadChunksResponse>> acks, IServerStreamWriter<UploadChunksResponse> responses, CancellationTokenSource pipeline)
    {
        try
        {
            await foreach (var ack in acks.ReadAllAsync(CancellationToken.None))
                await responses.WriteAsync(await ack, pipeline.Token);
        }
        catch
        {
            await pipeline.CancelAsync();
            throw;
        }
    }

    public void Dispose() => _lease.Dispose();
}
