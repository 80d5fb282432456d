namespace Handoff.Cli.Transfers;

/// <summary>Received bytes that do not match the hash they were promised under: never written to an instance file.</summary>
internal sealed class ChunkVerificationException : Exception
{
    public ChunkVerificationException(string message) : base(message)
    {
    }

    public ChunkVerificationException()
    {
    }

    public ChunkVerificationException(string message, Exception inner) : base(message, inner)
    {
    }
}
