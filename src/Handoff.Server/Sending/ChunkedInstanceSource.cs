using Handoff.Dicom.IO;
using Handoff.Storage.Chunks;

namespace Handoff.Server.Sending;

/// <summary>
/// An instance's bytes as the DICOM reader sees them, read straight from the chunk store: offset N lives in chunk
/// N / chunkSize at N % chunkSize. Parsing a header this way reads a few kilobytes, whatever the instance's size,
/// and never assembles the instance in memory.
/// </summary>
public sealed class ChunkedInstanceSource : DicomByteSource
{
    private readonly IChunkStore _store;
    private readonly IReadOnlyList<string> _chunkHashes;
    private readonly int _chunkSize;

    public ChunkedInstanceSource(IChunkStore store, IReadOnlyList<string> chunkHashes, long length, int chunkSize, string description)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chunkHashes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        if (length > (long)chunkHashes.Count * chunkSize)
            throw new ArgumentException($"{chunkHashes.Count} chunks of {chunkSize} bytes cannot hold {length} bytes", nameof(length));
        _store = store;
        _chunkHashes = chunkHashes;
        _chunkSize = chunkSize;
        Length = length;
        Description = description;
    }

    public override long Length { get; }

    public override string Description { get; }

    public override int ReadAt(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var total = 0;
        while (total < destination.Length && offset + total < Length)
        {
            var position = offset + total;
            var chunk = (int)(position / _chunkSize);
            var within = position % _chunkSize;
            var wanted = (int)Math.Min(Math.Min(destination.Length - total, _chunkSize - within), Length - position);
            var read = _store.ReadRange(_chunkHashes[chunk], within, destination.Slice(total, wanted));
            if (read <= 0)
                break; // a chunk shorter than declared: the reader sees the end of the data and reports it
            total += read;
        }
        return total;
    }
}
