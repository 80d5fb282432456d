namespace Handoff.Server.DicomWeb;

/// <summary>The client accepts no representation the server can give (406).</summary>
public sealed class NotAcceptableException : Exception
{
    public NotAcceptableException()
    {
    }

    public NotAcceptableException(string message) : base(message)
    {
    }

    public NotAcceptableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
