namespace Handoff.Contracts.Retention;

/// <summary>
/// The chunk store as the retention code sees it: names and ages of stored chunks, and deletion by hash. Grains know
/// nothing of bytes; the server implements this over its chunk store and registers it for the silo.
/// </summary>
public interface IChunkReclaimer
{
    /// <summary>Every stored chunk, in no particular order; chunks stored or deleted meanwhile may or may not appear.</summary>
    IAsyncEnumerable<StoredChunk> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the chunks that exist; returns how many were deleted.</summary>
    Task<int> DeleteAsync(IReadOnlyList<string> chunkHashes, CancellationToken cancellationToken);
}
