namespace Handoff.Client;

/// <summary>
/// Two instances of one study from a source claim the same SOP Instance UID with different content. The server would
/// reject the second, and only a person can tell which one is right, so nothing is sent.
/// </summary>
public class InstanceConflictException : HandoffException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The instance found second, as its source names it.</param>
    /// <param name="sopInstanceUid">The UID both claim.</param>
    /// <param name="existingName">The instance found first.</param>
    public InstanceConflictException(string name, string sopInstanceUid, string existingName)
        : base($"{name}: SOPInstanceUID {sopInstanceUid} is also used by {existingName} with different content")
    {
        SopInstanceUid = sopInstanceUid;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InstanceConflictException() : this("two instances claim one SOP Instance UID with different content")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The conflict.</param>
    public InstanceConflictException(string message) : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The conflict.</param>
    /// <param name="innerException">The cause.</param>
    public InstanceConflictException(string message, Exception? innerException) : base(message, innerException)
    {
        SopInstanceUid = string.Empty;
    }

    /// <summary>The SOP Instance UID both instances claim.</summary>
    public string SopInstanceUid { get; }
}
