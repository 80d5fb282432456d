using System.Security.Cryptography;
using Handoff.Client;
using Handoff.Testing;

namespace Handoff.Client.Tests;

/// <summary>
/// Chunk hashes are what the server checks every uploaded byte against and what the receiver verifies: they must
/// be SHA-256 of exactly the right byte ranges, and the content hash SHA-256 of the concatenated chunk hashes.
/// </summary>
public sealed class InstanceHasherTests
{
    private const int ChunkSize = 4096;

    [Theory]
    [InlineData(1)]
    [InlineData(ChunkSize - 1)]
    [InlineData(ChunkSize)]
    [InlineData(ChunkSize + 1)]
    [InlineData(3 * ChunkSize)]
    [InlineData(3 * ChunkSize + 17)]
    public void HashFile_AnySize_MatchesIndependentSha256OfEachChunk(int size)
    {
        using var folder = new TempFolder();
        var bytes = RandomBytes(size, seed: size);
        var path = folder.Combine("instance.dcm");
        File.WriteAllBytes(path, bytes);

        var hashes = InstanceHasher.HashFile(path, ChunkSize);

        var expected = ExpectedChunkHashes(bytes);
        Assert.Equal(size, hashes.Length);
        Assert.Equal(expected.Count, hashes.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(Convert.ToHexString(expected[i]), Convert.ToHexString(hashes.Span(i)));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(expected.SelectMany(h => h).ToArray())), Convert.ToHexString(hashes.ContentHash));
    }

    [Theory]
    [InlineData(ChunkSize - 1)]
    [InlineData(ChunkSize)]
    [InlineData(2 * ChunkSize + 5)]
    public void Hash_MemoryStreamAndFile_AllAgree(int size)
    {
        using var folder = new TempFolder();
        var bytes = RandomBytes(size, seed: 7);
        var path = folder.Combine("instance.dcm");
        File.WriteAllBytes(path, bytes);
        using var copy = new MemoryStream();

        var fromFile = InstanceHasher.HashFile(path, ChunkSize);
        var fromMemory = InstanceHasher.Hash(bytes, ChunkSize);
        var fromStream = InstanceHasher.Hash(new MemoryStream(bytes), ChunkSize, copy);

        Assert.Equal(fromFile.Concatenated.ToArray(), fromMemory.Concatenated.ToArray());
        Assert.Equal(fromFile.Concatenated.ToArray(), fromStream.Concatenated.ToArray());
        Assert.Equal(fromFile.ContentHash, fromStream.ContentHash);
        Assert.Equal(size, fromStream.Length);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public void ChunkedHashes_LastChunk_IsTheRemainder()
    {
        var hashes = InstanceHasher.Hash(RandomBytes(2 * ChunkSize + 100, seed: 3), ChunkSize);

        Assert.Equal(3, hashes.Count);
        Assert.Equal(ChunkSize, hashes.LengthOf(0));
        Assert.Equal(100, hashes.LengthOf(2));
        Assert.Equal(2L * ChunkSize, hashes.Offset(2));
    }

    internal static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static List<byte[]> ExpectedChunkHashes(byte[] bytes)
    {
        var hashes = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length; offset += ChunkSize)
            hashes.Add(SHA256.HashData(bytes.AsSpan(offset, Math.Min(ChunkSize, bytes.Length - offset))));
        return hashes;
    }
}
