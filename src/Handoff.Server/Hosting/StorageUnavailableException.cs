namespace Handoff.Server.Hosting;

/// <summary>The configured storage could not be reached at start-up: the server stops with one line, not a hang.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException()
    {
    }
}
