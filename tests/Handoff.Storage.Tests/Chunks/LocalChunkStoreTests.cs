using Handoff.Storage.Chunks;
using Handoff.Storage.Tests.Support;

namespace Handoff.Storage.Tests.Chunks;

public sealed class LocalChunkStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly LocalChunkStore _store;
    private readonly CancellationToken _ct = CancellationToken.None;

    public LocalChunkStoreTests() => _store = new LocalChunkStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task PutAsync_NewChunk_IsStoredUnderItsHashAndReadsBackByteIdentical()
    {
        var (hash, data) = Support.Chunks.Random(1 << 20);

        Assert.True(await _store.PutAsync(hash, data, _ct));

        Assert.Equal([Support.Chunks.RelativePath(hash)], _root.Files());
        Assert.True(await _store.ExistsAsync(hash, _ct));
        Assert.Equal(data.Length, await _store.GetLengthAsync(hash, _ct));
        var buffer = new byte[data.Length + 100];
        var read = await _store.ReadAsync(hash, buffer, _ct);
        Assert.Equal(data.Length, read);
        Assert.True(buffer.AsSpan(0, read).SequenceEqual(data));
    }

    [Fact]
    public async Task PutAsync_SameChunkAgain_ReturnsFalseAndDoesNotRewrite()
    {
        var (hash, data) = Support.Chunks.Random(4096);
        Assert.True(await _store.PutAsync(hash, data, _ct));
        var path = Support.Chunks.PathIn(_root, hash);
        var written = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(path, written);

        Assert.False(await _store.PutAsync(hash, data, _ct));

        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(1, await _store.CountAsync(_ct));
    }

    [Fact]
    public async Task PutAsync_SameChunkFromManyTasksAtOnce_EndsWithOneFileOneWinnerAndNoTempFiles()
    {
        // 4 MiB makes each write long enough for the puts to overlap; a second store instance on the same folder
        // stands in for another process.
        var (hash, data) = Support.Chunks.Random(4 << 20);
        var stores = new[] { _store, new LocalChunkStore(_root.Path) };
        using var start = new ManualResetEventSlim();
        var puts = Enumerable.Range(0, 16)
            .Select(i => Task.Factory.StartNew(
                () => { start.Wait(_ct); return stores[i % 2].PutAsync(hash, data, _ct).GetAwaiter().GetResult(); },
                _ct, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();

        start.Set();
        var results = await Task.WhenAll(puts);

        Assert.Single(results, stored => stored);
        Assert.Equal([Support.Chunks.RelativePath(hash)], _root.Files());
        Assert.True(File.ReadAllBytes(Support.Chunks.PathIn(_root, hash)).AsSpan().SequenceEqual(data));
    }

    [Fact]
    public async Task FindMissingAsync_LargeManifestWithDuplicates_ReturnsEachMissingHashOnce()
    {
        var stored = new List<string>();
        var absent = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            var (hash, data) = Support.Chunks.Random(64);
            if (i % 3 == 0)
            {
                await _store.PutAsync(hash, data, _ct);
                stored.Add(hash);
            }
            else
            {
                absent.Add(hash);
            }
        }

        var manifest = stored.Concat(absent).Concat(absent.Take(50)).ToArray();
        var missing = await _store.FindMissingAsync(manifest, _ct);

        Assert.Equal(absent.Order(StringComparer.Ordinal), missing.Order(StringComparer.Ordinal));
        Assert.Empty(await _store.FindMissingAsync(stored, _ct));
        Assert.Equal(stored.Count, await _store.CountAsync(_ct));
    }

    [Fact]
    public async Task ReadRange_HeaderSlice_ReturnsThoseBytesAndStopsAtTheEnd()
    {
        var (hash, data) = Support.Chunks.Random(10_000);
        await _store.PutAsync(hash, data, _ct);
        var buffer = new byte[4096];

        Assert.Equal(4096, _store.ReadRange(hash, 128, buffer));
        Assert.True(buffer.AsSpan().SequenceEqual(data.AsSpan(128, 4096)));
        Assert.Equal(16, _store.ReadRange(hash, data.Length - 16, buffer));
        Assert.Equal(0, _store.ReadRange(hash, data.Length + 5, buffer));
    }

    [Fact]
    public async Task DeleteAsync_StoredChunk_IsGoneAndReadsReportNotFound()
    {
        var (hash, data) = Support.Chunks.Random(100);
        await _store.PutAsync(hash, data, _ct);

        Assert.True(await _store.DeleteAsync(hash, _ct));
        Assert.False(await _store.DeleteAsync(hash, _ct));

        Assert.False(await _store.ExistsAsync(hash, _ct));
        Assert.Null(await _store.GetLengthAsync(hash, _ct));
        Assert.Equal(0, await _store.CountAsync(_ct));
        var error = await Assert.ThrowsAsync<ChunkNotFoundException>(() => _store.ReadAsync(hash, new byte[100], _ct));
        Assert.Equal(hash, error.Hash);
        Assert.Throws<ChunkNotFoundException>(() => _store.ReadRange(hash, 0, new byte[10]));
    }

    [Fact]
    public async Task ReadAsync_BufferSmallerThanChunk_ThrowsWithoutReading()
    {
        var (hash, data) = Support.Chunks.Random(1000);
        await _store.PutAsync(hash, data, _ct);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync(hash, new byte[999], _ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890")]
    [InlineData("ab/def0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("ghijkl0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public async Task EveryOperation_InvalidHash_ThrowsArgumentExceptionAndTouchesNothing(string hash)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(hash, new byte[] { 1 }, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ExistsAsync(hash, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync(hash, new byte[1], _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetLengthAsync(hash, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(hash, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.FindMissingAsync([hash], _ct));
        Assert.Throws<ArgumentException>(() => _store.ReadRange(hash, 0, new byte[1]));
        Assert.Empty(_root.Files());
    }
}
