using System.Security.Cryptography;

namespace Handoff.Storage.Tests.Support;

/// <summary>Random chunk bytes and their content address, as the gRPC service would compute it.</summary>
public static class Chunks
{
    public static (string Hash, byte[] Data) Random(int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);
        return (HashOf(data), data);
    }

    public static string HashOf(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Where the store keeps a chunk, relative to the data folder.</summary>
    public static string RelativePath(string hash) => $"chunks/{hash[..2]}/{hash}";

    public static string PathIn(TempDirectory root, string hash) => Path.Combine(root.Path, "chunks", hash[..2], hash);
}
