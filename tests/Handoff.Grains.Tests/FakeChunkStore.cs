using System.Collections.Concurrent;
using Handoff.Contracts.Retention;

namespace Handoff.Grains.Tests;

/// <summary>
/// The chunk store as the sweep sees it, in memory: which hashes are stored and since when. The silo's sweep grain
/// deletes through it, so a test can see what a sweep removed without any bytes.
/// </summary>
public sealed class FakeChunkStore : IChunkReclaimer
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _chunks = new(StringComparer.Ordinal);

    public void Put(string hash, DateTimeOffset storedAt) => _chunks[hash] = storedAt;

    public void PutAll(IEnumerable<string> hashes, DateTimeOffset storedAt)
    {
        foreach (var hash in hashes)
            Put(hash, storedAt);
    }

    public bool Contains(string hash) => _chunks.ContainsKey(hash);

    public IAsyncEnumerable<StoredChunk> ListAsync(CancellationToken cancellationToken) =>
        _chunks.Select(chunk => new StoredChunk(chunk.Key, chunk.Value)).ToArray().ToAsyncEnumerable();

    public Task<int> DeleteAsync(IReadOnlyList<string> chunkHashes, CancellationToken cancellationToken) =>
        Task.FromResult(chunkHashes.Count(hash => _chunks.TryRemove(hash, out _)));
}
