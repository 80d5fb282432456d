namespace Handoff.Server.Errors;

/// <summary>A stored chunk whose bytes no longer hash to its key: never served, reported as DATA_LOSS.</summary>
public sealed class CorruptChunkException : Exception
{
    public CorruptChunkException(string hash) : base($"chunk {hash} is damaged in the chunk store and was not sent")
    {
        Hash = hash;
    }

    public CorruptChunkException() : this("(unknown)") { }

    public CorruptChunkException(string message, Exception innerException) : base(message, innerException)
    {
        Hash = "(unknown)";
    }

    public string Hash { get; }
}
