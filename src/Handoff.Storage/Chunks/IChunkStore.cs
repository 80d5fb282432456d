namespace Handoff.Storage.Chunks;

/// <summary>
/// Content-addressed chunk storage. A chunk's key is the lowercase hex SHA-256 of its bytes; callers verify the
/// hash before <see cref="PutAsync"/>, and a chunk already stored is never written again. Writes are atomic: a reader
/// (or a restart after SIGKILL) sees a whole chunk or none.
/// </summary>
public interface IChunkStore
{
    /// <summary>The subset of <paramref name="hashes"/> not stored, each once. Batched: no round trip per chunk.</summary>
    Task<IReadOnlySet<string>> FindMissingAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Stores a chunk; true when newly stored, false when it was already there.</summary>
    Task<bool> PutAsync(string hash, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Reads a whole chunk into <paramref name="destination"/> (at least the chunk's length) and returns its length.</summary>
    /// <exception cref="ChunkNotFoundException">no chunk has this hash.</exception>
    Task<int> ReadAsync(string hash, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Synchronous read of part of a chunk, for DICOM header parsing (a few kilobytes); returns bytes read.</summary>
    int ReadRange(string hash, long offset, Span<byte> destination);

    /// <summary>The chunk's length, or null when it is not stored.</summary>
    Task<long?> GetLengthAsync(string hash, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string hash, CancellationToken cancellationToken);

    /// <summary>How many chunks are stored (operators and tests: "nothing duplicated, nothing missing").</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every stored chunk with the time it was written, in no particular order, for the retention sweep. Chunks put or
    /// deleted while the listing runs may or may not appear; partial writes never do.
    /// </summary>
    IAsyncEnumerable<(string Hash, DateTimeOffset StoredAt)> ListAsync(CancellationToken cancellationToken);
}
