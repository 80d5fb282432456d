namespace Handoff.Client;

/// <summary>
/// The base of every failure the library reports: an operation could not be completed. Subclasses say why (refused,
/// unreachable, bytes that did not verify, a study the server rejected, ...); a failure of the caller's own code (an
/// <see cref="IInstanceSource"/> or <see cref="IInstanceSink"/> that throws) passes through unchanged.
/// </summary>
public class HandoffException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public HandoffException() : base("the Handoff operation failed")
    {
    }

    /// <summary>Creates the exception with a message for a person.</summary>
    /// <param name="message">What went wrong.</param>
    public HandoffException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public HandoffException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
