namespace Handoff.Storage.Chunks;

public sealed class ChunkNotFoundException : Exception
{
    public ChunkNotFoundException(string hash) : base($"chunk {hash} is not stored")
    {
        Hash = hash;
    }

    public ChunkNotFoundException() : this("(unknown)") { }

    public ChunkNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
        Hash = "(unknown)";
    }

    public string Hash { get; }
}
