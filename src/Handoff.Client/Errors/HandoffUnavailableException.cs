namespace Handoff.Client;

/// <summary>
/// No server could be reached, or none came back within the retry budget (<see cref="HandoffClientOptions.RetryFor"/>).
/// Nothing was lost: running the same operation again resumes where it stopped.
/// </summary>
public class HandoffUnavailableException : HandoffException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="servers">The addresses that were tried.</param>
    /// <param name="cause">The last transport error in a few words ("Connection refused"), or empty.</param>
    /// <param name="innerException">The last failed call.</param>
    public HandoffUnavailableException(IReadOnlyList<Uri> servers, string cause, Exception? innerException)
        : base(Describe(servers, cause), innerException)
    {
        Servers = servers;
        Cause = cause;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public HandoffUnavailableException() : this([], string.Empty, null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public HandoffUnavailableException(string message) : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public HandoffUnavailableException(string message, Exception? innerException) : base(message, innerException)
    {
        Servers = [];
        Cause = message;
    }

    /// <summary>The server addresses that were tried.</summary>
    public IReadOnlyList<Uri> Servers { get; }

    /// <summary>The last transport error in a few words, or empty.</summary>
    public string Cause { get; }

    private static string Describe(IReadOnlyList<Uri> servers, string cause)
    {
        var list = string.Join(", ", servers.Select(s => s.ToString().TrimEnd('/')));
        var where = servers.Count == 1 ? $"server {list}" : servers.Count > 1 ? $"any of: {list}" : "the server";
        return cause.Length == 0 ? $"cannot reach {where}" : $"cannot reach {where} ({cause})";
    }
}
