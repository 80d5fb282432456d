namespace Handoff.Dimse.UpperLayer;

/// <summary>
/// A PDU that breaks PS3.8: a length that does not add up, an item where none may be, a value out of range. The
/// association is aborted (A-ABORT, service provider, with <see cref="Reason"/>); the message says what was wrong.
/// </summary>
public sealed class PduFormatException : Exception
{
    public PduFormatException(string message, AbortReason reason = AbortReason.InvalidPduParameterValue)
        : base(message)
    {
        Reason = reason;
    }

    public PduFormatException() : this("malformed PDU")
    {
    }

    public PduFormatException(string message, Exception innerException) : base(message, innerException)
    {
        Reason = AbortReason.InvalidPduParameterValue;
    }

    /// <summary>The reason the A-ABORT carries.</summary>
    public AbortReason Reason { get; }
}
