using System.Runtime.CompilerServices;
using Handoff.Contracts.Retention;
using Handoff.Storage.Chunks;

namespace Handoff.Server.Retention;

/// <summary>The chunk store as the retention grains and collector see it: a listing and deletion by hash.</summary>
public sealed class ChunkStoreReclaimer : IChunkReclaimer
{
    private readonly IChunkStore _store;

    public ChunkStoreReclaimer(IChunkStore store)
    {
        _store = store;
    }

    public async IAsyncEnumerable<StoredChunk> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (hash, storedAt) in _store.ListAsync(cancellationToken).WithCancellation(cancellationToken))
            yield return new StoredChunk(hash, storedAt);
    }

    public async Task<int> DeleteAsync(IReadOnlyList<string> chunkHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        var deleted = 0;
        foreach (var hash in chunkHashes)
        {
            if (await _store.DeleteAsync(hash, cancellationToken))
                deleted++;
        }

        return deleted;
    }
}
