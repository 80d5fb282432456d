namespace Handoff.Gateway.Delivery;

/// <summary>The PACS could not be reached, refused the association or broke it: nothing more can be stored this attempt.</summary>
public sealed class PacsUnavailableException : Exception
{
    public PacsUnavailableException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    public PacsUnavailableException() : this("the PACS cannot be reached", null)
    {
    }

    public PacsUnavailableException(string message) : this(message, null)
    {
    }
}
