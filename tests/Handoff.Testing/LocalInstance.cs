using System.Security.Cryptography;
using Google.Protobuf;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>A file as a sender declares it: its SOP Instance UID, size, per-chunk SHA-256 and content hash.</summary>
public sealed record LocalInstance(string Path, string SopInstanceUid, long Size, IReadOnlyList<byte[]> ChunkHashes, int ChunkSize)
{
    /// <summary>SHA-256 over the concatenated chunk hashes: the instance's content hash.</summary>
    public byte[] ContentHash => SHA256.HashData(ChunkHashes.SelectMany(h => h).ToArray());

    public string SourceName => System.IO.Path.GetFileName(Path);

    public static LocalInstance Hash(string path, string sopInstanceUid, int chunkSize)
    {
        var bytes = File.ReadAllBytes(path);
        var hashes = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
            hashes.Add(SHA256.HashData(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset))));
        return new LocalInstance(path, sopInstanceUid, bytes.Length, hashes, chunkSize);
    }

    public InstanceDeclaration ToDeclaration()
    {
        var declaration = new InstanceDeclaration { SopInstanceUid = SopInstanceUid, Size = Size, SourceName = SourceName };
        foreach (var hash in ChunkHashes)
            declaration.ChunkHashes.Add(ByteString.CopyFrom(hash));
        return declaration;
    }

    public byte[] ReadChunk(int index)
    {
        using var file = File.OpenRead(Path);
        file.Position = (long)index * ChunkSize;
        var buffer = new byte[(int)Math.Min(ChunkSize, Size - file.Position)];
        file.ReadExactly(buffer);
        return buffer;
    }
}
