using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>A transfer being received was cancelled, expired or failed: nothing more will arrive.</summary>
public class TransferEndedException : HandoffException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transferId">The transfer.</param>
    /// <param name="state">The state it ended in.</param>
    public TransferEndedException(string transferId, TransferState state)
        : base($"transfer {transferId} is {TransferStates.Name(state)}; nothing more will arrive")
    {
        TransferId = transferId;
        State = state;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public TransferEndedException() : this("the transfer has ended")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What ended.</param>
    public TransferEndedException(string message) : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What ended.</param>
    /// <param name="innerException">The cause.</param>
    public TransferEndedException(string message, Exception? innerException) : base(message, innerException)
    {
        TransferId = string.Empty;
    }

    /// <summary>The transfer.</summary>
    public string TransferId { get; }

    /// <summary>The state it ended in.</summary>
    public TransferState State { get; }
}
