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

    /// <summary>"Azure storage at {endpoint} is unreachable: {first line of the reason}" (a timeout names the wait).</summary>
    public static StorageUnavailableException Unreachable(Uri endpoint, Exception failed, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(failed);
        var reason = failed is OperationCanceledException or TimeoutException ? $"no answer within {timeout}" : FirstLine(failed.Message);
        return new StorageUnavailableException($"Azure storage at {endpoint.GetLeftPart(UriPartial.Authority)} is unreachable: {reason}", failed);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
