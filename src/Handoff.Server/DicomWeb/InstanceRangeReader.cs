using System.Buffers;
using Handoff.Contracts.Studies;
using Handoff.Server.Receiving;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Reads a byte range of a stored instance (a frame, a bulk data value) chunk by chunk, each chunk's SHA-256 checked
/// before any of its bytes go out, through one pooled buffer: a frame of a 1 GiB instance costs one chunk of memory.
/// </summary>
public sealed class InstanceRangeReader
{
    private readonly VerifiedChunkReader _chunks;

    public InstanceRangeReader(VerifiedChunkReader chunks)
    {
        _chunks = chunks;
    }

    /// <summary>Copies bytes [<paramref name="offset"/>, offset + <paramref name="length"/>) of the instance to <paramref name="output"/>.</summary>
    public async Task CopyAsync(ManifestInstance instance, int chunkSize, long offset, long length, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(output);
        if (offset < 0 || length < 0 || offset + length > instance.Size)
            throw new ArgumentOutOfRangeException(nameof(length), $"bytes {offset}+{length} are outside instance {instance.SopInstanceUid} of {instance.Size} bytes");
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            var end = offset + length;
            for (var index = (int)(offset / chunkSize); (long)index * chunkSize < end; index++)
            {
                var chunkStart = (long)index * chunkSize;
                var read = await _chunks.ReadVerifiedAsync(instance.ChunkHashes[index], buffer.AsMemory(0, chunkSize), cancellationToken).ConfigureAwait(false);
                var from = (int)Math.Max(0, offset - chunkStart);
                var to = (int)Math.Min(read, end - chunkStart);
                await output.WriteAsync(buffer.AsMemory(from, to - from), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
