using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Contracts.Transfers;
using Handoff.Protos.V1;
using Handoff.Server.Errors;
using Handoff.Server.Scheduling;
using Handoff.Storage.Chunks;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Receiving;

/// <summary>
/// Streams chunks from the store to a destination through one pooled buffer per call, verifying each chunk's
/// SHA-256 before it is sent: a chunk damaged on disk is never served (the stream ends with DATA_LOSS instead).
/// </summary>
public sealed partial class VerifiedChunkReader
{
    private readonly IChunkStore _store;
    private readonly ChunkScheduler _scheduler;
    private readonly ILogger<VerifiedChunkReader> _logger;

    public VerifiedChunkReader(IChunkStore store, ChunkScheduler scheduler, ILogger<VerifiedChunkReader> logger)
    {
        _store = store;
        _scheduler = scheduler;
        _logger = logger;
    }

    /// <summary>
    /// Sends the chunks through <paramref name="write"/> (a download stream, a relay's upload stream to a peer), which
    /// must be done with each chunk when its task completes: the chunk wraps a pooled buffer reused for the next one.
    /// Each chunk's hash is checked in its turn at the transfer's <paramref name="priority"/> (the CPU a chunk costs);
    /// the read (a network round trip with Azure Storage) and the write (which waits for the receiver) hold none.
    /// </summary>
    public async Task<int> SendAsync(IReadOnlyList<string> hashes, int chunkSize, TransferPriority priority, Func<Chunk, CancellationToken, Task> write,
        CancellationToken cancellationToken, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentNullException.ThrowIfNull(write);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        var sent = 0;
        try
        {
            foreach (var hash in hashes)
            {
                if (stopping.IsCancellationRequested)
                    throw UnavailableException.ShuttingDown($"the server is shutting down after {sent} chunks; ask again for the rest");
                var length = await _store.ReadAsync(hash, buffer, cancellationToken);
                using (await _scheduler.EnterAsync(priority, cancellationToken))
                    CheckHash(hash, buffer.AsSpan(0, length));
                var expected = Convert.FromHexString(hash);
                // Safe to wrap the pooled buffer: WriteAsync serializes the message before it returns, and the buffer
                // is only reused after that.
                var chunk = new Chunk { Hash = UnsafeByteOperations.UnsafeWrap(expected), Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, length)) };
                await write(chunk, cancellationToken);
                sent++;
                Telemetry.ByteMetrics.ChunkServed(length);
            }
            return sent;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one whole chunk into <paramref name="destination"/> and checks its SHA-256; returns its length.</summary>
    /// <exception cref="CorruptChunkException">the stored bytes do not hash to <paramref name="hash"/>.</exception>
    public async Task<int> ReadVerifiedAsync(string hash, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = await _store.ReadAsync(hash, destination, cancellationToken);
        CheckHash(hash, destination.Span[..length]);
        return length;
    }

    /// <exception cref="CorruptChunkException">the bytes do not hash to <paramref name="hash"/>.</exception>
    private void CheckHash(string hash, ReadOnlySpan<byte> data)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, actual);
        if (Convert.FromHexString(hash, expected, out _, out _) != System.Buffers.OperationStatus.Done || !actual.SequenceEqual(expected))
        {
            LogCorruptChunk(hash);
            Telemetry.ByteMetrics.VerifyFailed("store");
            throw new CorruptChunkException(hash);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "chunk {Hash} does not match its hash in the chunk store; it was not served")]
    private partial void LogCorruptChunk(string hash);
}
