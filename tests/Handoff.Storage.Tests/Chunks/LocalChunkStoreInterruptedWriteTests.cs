using Handoff.Storage.Chunks;
using Handoff.Storage.Tests.Support;

namespace Handoff.Storage.Tests.Chunks;

/// <summary>What a process killed in the middle of a put leaves behind: a temp file next to where the chunk would go.</summary>
public sealed class LocalChunkStoreInterruptedWriteTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task TempFileFromKilledWrite_IsInvisibleToReadsAndCount_AndThePutCanBeRepeated()
    {
        var store = new LocalChunkStore(_root.Path);
        var (hash, data) = Support.Chunks.Random(64 * 1024);
        var (otherHash, otherData) = Support.Chunks.Random(100);
        await store.PutAsync(otherHash, otherData, _ct);
        var temp = LeaveTempFile(hash, data.AsSpan(0, 1000), age: TimeSpan.Zero);

        Assert.False(await store.ExistsAsync(hash, _ct));
        Assert.Null(await store.GetLengthAsync(hash, _ct));
        Assert.Equal([hash], await store.FindMissingAsync([hash, otherHash], _ct));
        Assert.Equal(1, await store.CountAsync(_ct));
        await Assert.ThrowsAsync<ChunkNotFoundException>(() => store.ReadAsync(hash, new byte[data.Length], _ct));

        Assert.True(await store.PutAsync(hash, data, _ct));
        var buffer = new byte[data.Length];
        Assert.Equal(data.Length, await store.ReadAsync(hash, buffer, _ct));
        Assert.True(buffer.AsSpan().SequenceEqual(data));
        Assert.Equal(2, await store.CountAsync(_ct));
        Assert.True(File.Exists(temp), "a young temp file may belong to a write in flight and is left alone");
    }

    [Fact]
    public void Constructor_StaleTempFiles_AreRemovedAndYoungOnesKept()
    {
        var (hash, data) = Support.Chunks.Random(2000);
        var stale = LeaveTempFile(hash, data.AsSpan(0, 500), age: TimeSpan.FromHours(1));
        var young = LeaveTempFile(hash, data.AsSpan(0, 700), age: TimeSpan.Zero);

        _ = new LocalChunkStore(_root.Path);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public async Task StoreRecreatedOnSameFolder_SeesEveryChunkWrittenBefore()
    {
        var chunks = Enumerable.Range(0, 20).Select(_ => Support.Chunks.Random(3000)).ToList();
        var first = new LocalChunkStore(_root.Path);
        foreach (var (hash, data) in chunks)
        {
            await first.PutAsync(hash, data, _ct);
        }

        var second = new LocalChunkStore(_root.Path, flushToDisk: true);

        Assert.Equal(chunks.Count, await second.CountAsync(_ct));
        Assert.Empty(await second.FindMissingAsync(chunks.Select(c => c.Hash).ToArray(), _ct));
        Assert.False(await second.PutAsync(chunks[0].Hash, chunks[0].Data, _ct));
    }

    private string LeaveTempFile(string hash, ReadOnlySpan<byte> partial, TimeSpan age)
    {
        var final = Support.Chunks.PathIn(_root, hash);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temp = $"{final}.{Random.Shared.NextInt64():x16}.tmp";
        File.WriteAllBytes(temp, partial.ToArray());
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - age);
        return temp;
    }
}
