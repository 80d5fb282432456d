using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Handoff.Azure.Tests.Infrastructure;
using Handoff.Storage.Azure;
using Handoff.Testing;
using Handoff.Storage.Chunks;

namespace Handoff.Azure.Tests;

/// <summary>The blob chunk store against a real Azurite: one fresh container per test.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobChunkStoreTests : IAsyncLifetime
{
    private readonly AzuriteProcess _azurite;
    private AzureBlobChunkStore _store = null!;

    public AzureBlobChunkStoreTests(AzuriteProcess azurite) => _azurite = azurite;

    public async Task InitializeAsync()
    {
        _store = new AzureBlobChunkStore(new AzureStorageOptions
        {
            ConnectionString = _azurite.ConnectionString,
            ChunkContainer = "chunks-" + Guid.NewGuid().ToString("N")[..12],
        });
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _store.Container.DeleteIfExistsAsync();

    [Fact]
    public async Task PutAsync_NewChunk_StoredUnderHashPrefixAndReadBack()
    {
        var (hash, data) = Chunk(1, 70_000);

        Assert.True(await _store.PutAsync(hash, data, CancellationToken.None));

        Assert.True(await _store.ExistsAsync(hash, CancellationToken.None));
        Assert.True(await _store.Container.GetBlobClient($"{hash[..2]}/{hash}").ExistsAsync());
        Assert.Equal(data.Length, await _store.GetLengthAsync(hash, CancellationToken.None));
        var buffer = new byte[100_000];
        var read = await _store.ReadAsync(hash, buffer, CancellationToken.None);
        Assert.Equal(data, buffer[..read]);
    }

    [Fact]
    public async Task PutAsync_AlreadyStored_FalseAndBytesUnchanged()
    {
        var (hash, data) = Chunk(2, 1000);
        Assert.True(await _store.PutAsync(hash, data, CancellationToken.None));
        var before = (await _store.Container.GetBlobClient(AzureBlobChunkStore.BlobName(hash)).GetPropertiesAsync()).Value.ETag;

        Assert.False(await _store.PutAsync(hash, data, CancellationToken.None));

        var after = (await _store.Container.GetBlobClient(AzureBlobChunkStore.BlobName(hash)).GetPropertiesAsync()).Value.ETag;
        Assert.Equal(before, after);
        Assert.Equal(1, await _store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfOneChunk_ExactlyOneNewlyStored()
    {
        var (hash, data) = Chunk(3, 200_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _store.PutAsync(hash, data, CancellationToken.None))));

        Assert.Single(results, stored => stored);
        Assert.Equal(1, await _store.CountAsync(CancellationToken.None));
        var buffer = new byte[data.Length];
        await _store.ReadAsync(hash, buffer, CancellationToken.None);
        Assert.Equal(data, buffer);
    }

    [Fact]
    public async Task FindMissingAsync_MixedAndDuplicatedHashes_ReturnsEachMissingOnce()
    {
        var stored = Enumerable.Range(10, 40).Select(seed => Chunk(seed, 100)).ToList();
        await Task.WhenAll(stored.Select(chunk => _store.PutAsync(chunk.Hash, chunk.Data, CancellationToken.None)));
        var absent = Enumerable.Range(100, 60).Select(seed => Chunk(seed, 100).Hash).ToList();
        var asked = stored.Select(c => c.Hash).Concat(absent).Concat(absent.Take(5)).ToList();

        var missing = await _store.FindMissingAsync(asked, CancellationToken.None);

        Assert.Equal(absent.Order(StringComparer.Ordinal), missing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadRange_InsideAndPastEnd_ReturnsRequestedBytesOrNone()
    {
        var (hash, data) = Chunk(4, 5000);
        await _store.PutAsync(hash, data, CancellationToken.None);

        var middle = new byte[100];
        Assert.Equal(100, _store.ReadRange(hash, 1234, middle));
        Assert.Equal(data.AsSpan(1234, 100).ToArray(), middle);
        var tail = new byte[100];
        Assert.Equal(40, _store.ReadRange(hash, 4960, tail));
        Assert.Equal(data.AsSpan(4960).ToArray(), tail[..40]);
        Assert.Equal(0, _store.ReadRange(hash, 5000, tail));
    }

    [Fact]
    public async Task ReadAsync_UnknownHash_ThrowsChunkNotFound()
    {
        var (hash, _) = Chunk(5, 10);

        var missing = await Assert.ThrowsAsync<ChunkNotFoundException>(() => _store.ReadAsync(hash, new byte[10], CancellationToken.None));

        Assert.Equal(hash, missing.Hash);
        Assert.Throws<ChunkNotFoundException>(() => _store.ReadRange(hash, 0, new byte[10]));
        Assert.Null(await _store.GetLengthAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_StoredChunk_GoneFromCountListAndExists()
    {
        var (keep, keepData) = Chunk(6, 10);
        var (drop, dropData) = Chunk(7, 10);
        await _store.PutAsync(keep, keepData, CancellationToken.None);
        await _store.PutAsync(drop, dropData, CancellationToken.None);

        Assert.True(await _store.DeleteAsync(drop, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(drop, CancellationToken.None));

        Assert.False(await _store.ExistsAsync(drop, CancellationToken.None));
        Assert.Equal(1, await _store.CountAsync(CancellationToken.None));
        var listed = new List<(string Hash, DateTimeOffset StoredAt)>();
        await foreach (var entry in _store.ListAsync(CancellationToken.None))
            listed.Add(entry);
        var only = Assert.Single(listed);
        Assert.Equal(keep, only.Hash);
        Assert.InRange(only.StoredAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task ListAsync_ForeignBlobInContainer_Skipped()
    {
        var (hash, data) = Chunk(8, 10);
        await _store.PutAsync(hash, data, CancellationToken.None);
        await _store.Container.GetBlobClient("readme.txt").UploadAsync(BinaryData.FromString("not a chunk"));

        Assert.Equal(1, await _store.CountAsync(CancellationToken.None));
    }

    private static (string Hash, byte[] Data) Chunk(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return (Convert.ToHexStringLower(SHA256.HashData(data)), data);
    }
}
