namespace Handoff.Client;

/// <summary>The instance source offered no instances, so no transfer was created.</summary>
public class NothingToSendException : HandoffException
{
    /// <summary>Creates the exception.</summary>
    public NothingToSendException() : base("no instances to send")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was empty.</param>
    public NothingToSendException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was empty.</param>
    /// <param name="innerException">The cause.</param>
    public NothingToSendException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
