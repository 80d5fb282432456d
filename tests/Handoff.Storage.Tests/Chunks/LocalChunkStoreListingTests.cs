using Handoff.Storage.Chunks;
using Handoff.Storage.Tests.Support;

namespace Handoff.Storage.Tests.Chunks;

/// <summary>The listing the retention sweep decides from: every whole chunk once, with the time it was written.</summary>
public sealed class LocalChunkStoreListingTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly LocalChunkStore _store;
    private readonly CancellationToken _ct = CancellationToken.None;

    public LocalChunkStoreListingTests() => _store = new LocalChunkStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task ListAsync_StoredChunks_EachOnceWithItsWriteTime()
    {
        var (old, oldData) = Support.Chunks.Random(4096);
        var (fresh, freshData) = Support.Chunks.Random(4096);
        await _store.PutAsync(old, oldData, _ct);
        await _store.PutAsync(fresh, freshData, _ct);
        var written = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Support.Chunks.PathIn(_root, old), written);

        var listed = await _store.ListAsync(_ct).ToDictionaryAsync(c => c.Hash, c => c.StoredAt, StringComparer.Ordinal, _ct);

        Assert.Equal(new[] { old, fresh }.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new DateTimeOffset(written), listed[old]);
        Assert.InRange(listed[fresh], DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ListAsync_InterruptedWriteAndStrayFile_NotListed()
    {
        var (hash, data) = Support.Chunks.Random(4096);
        await _store.PutAsync(hash, data, _ct);
        var path = Support.Chunks.PathIn(_root, hash);
        await File.WriteAllBytesAsync(path + ".0123456789abcdef.tmp", data, _ct);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, "notes.txt"), "operator was here", _ct);

        var listed = await _store.ListAsync(_ct).Select(c => c.Hash).ToListAsync(_ct);

        Assert.Equal([hash], listed);
    }

    [Fact]
    public async Task ListAsync_AfterDelete_ChunkGone()
    {
        var (kept, keptData) = Support.Chunks.Random(4096);
        var (deleted, deletedData) = Support.Chunks.Random(4096);
        await _store.PutAsync(kept, keptData, _ct);
        await _store.PutAsync(deleted, deletedData, _ct);

        await _store.DeleteAsync(deleted, _ct);
        var listed = await _store.ListAsync(_ct).Select(c => c.Hash).ToListAsync(_ct);

        Assert.Equal([kept], listed);
        Assert.Equal(1, await _store.CountAsync(_ct));
    }
}
