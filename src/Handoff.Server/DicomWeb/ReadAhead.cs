using System.Buffers;
using Handoff.Server.Receiving;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Reads a run of chunks for one response in order, with the next few read and SHA-256-checked on other threads while
/// the current one is written: hashing (2 GB/s a core here) no longer waits for the socket, nor the socket for it.
/// At most <see cref="Ahead"/> chunks are in memory per response, each in a pooled buffer returned once written.
/// </summary>
public sealed class ReadAhead
{
    public const int Ahead = 4;

    private readonly VerifiedChunkReader _chunks;

    public ReadAhead(VerifiedChunkReader chunks)
    {
        _chunks = chunks;
    }

    /// <summary>Calls <paramref name="write"/> with each chunk's verified bytes, in the order of <paramref name="hashes"/>.</summary>
    public async Task ForEachAsync(IReadOnlyList<string> hashes, int chunkSize, Func<int, ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentNullException.ThrowIfNull(write);
        var window = new Queue<Task<(byte[] Buffer, int Length)>>(Ahead);
        var next = 0;
        try
        {
            for (var index = 0; index < hashes.Count; index++)
            {
                while (window.Count < Ahead && next < hashes.Count)
                {
                    var hash = hashes[next++];
                    window.Enqueue(Task.Run(() => ReadOneAsync(hash, chunkSize, cancellationToken), cancellationToken));
                }
                var (buffer, length) = await window.Dequeue().ConfigureAwait(false);
                try
                {
                    await write(index, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        finally
        {
            // A failed or cancelled response still returns the buffers read ahead for it.
            while (window.Count > 0)
            {
                var pending = window.Dequeue();
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (pending.IsCompletedSuccessfully)
                    ArrayPool<byte>.Shared.Return(pending.Result.Buffer); // a read that failed returned its own buffer
            }
        }
    }

    private async Task<(byte[] Buffer, int Length)> ReadOneAsync(string hash, int chunkSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            return (buffer, await _chunks.ReadVerifiedAsync(hash, buffer.AsMemory(0, chunkSize), cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
