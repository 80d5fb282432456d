namespace Handoff.Dimse.Messages;

/// <summary>A DIMSE message that breaks PS3.7: the association is aborted and the message says what was wrong.</summary>
public sealed class DimseFormatException : Exception
{
    public DimseFormatException(string message) : base(message)
    {
    }

    public DimseFormatException() : this("malformed DIMSE message")
    {
    }

    public DimseFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
