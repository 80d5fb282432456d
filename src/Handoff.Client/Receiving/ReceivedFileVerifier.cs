using System.Buffers;
using System.Security.Cryptography;

namespace Handoff.Client;

/// <summary>
/// Checks what is already on disk against the hashes the manifest promises, chunk by chunk with one pooled buffer:
/// how a rerun of `handoff receive` knows which instances (and which chunks of a .part file) it can keep.
/// </summary>
internal static class ReceivedFileVerifier
{
    /// <summary>Which chunks of <paramref name="path"/> match; <c>All</c> only when the file has exactly the expected size too.</summary>
    public static (bool All, bool[] Verified) VerifiedChunks(string path, InstanceHashes expected)
    {
        var verified = new bool[expected.Count];
        if (!File.Exists(path))
            return (false, verified);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        var buffer = ArrayPool<byte>.Shared.Rent(expected.ChunkSize);
        Span<byte> hash = stackalloc byte[ChunkHash.Size];
        var all = length == expected.Length;
        try
        {
            for (var index = 0; index < expected.Count; index++)
            {
                var size = expected.LengthOf(index);
                var offset = expected.Offset(index);
                if (offset + size > length || InstanceHasher.ReadFully(handle, buffer.AsSpan(0, size), offset) != size)
                {
                    all = false;
                    break;
                }
                SHA256.HashData(buffer.AsSpan(0, size), hash);
                verified[index] = hash.SequenceEqual(expected.Span(index));
                all &= verified[index];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (all, verified);
    }
}
