namespace Handoff.Client;

/// <summary>
/// A server's answer this client cannot use: a malformed hash, a manifest that contradicts itself, a chunk size
/// outside what the client supports. Usually a server of another version.
/// </summary>
public class HandoffProtocolException : HandoffException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public HandoffProtocolException() : base("the server's answer cannot be used")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the answer.</param>
    public HandoffProtocolException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">What is wrong with the answer.</param>
    /// <param name="innerException">The cause.</param>
    public HandoffProtocolException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
