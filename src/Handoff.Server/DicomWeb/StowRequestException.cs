namespace Handoff.Server.DicomWeb;

/// <summary>A STOW-RS request refused as a whole (wrong media type, too many parts, a part too large): its HTTP status and why.</summary>
public sealed class StowRequestException : Exception
{
    public StowRequestException(int statusCode, string message) : base(message)
    {
        StatusCode = statusCode;
    }

    public StowRequestException()
    {
    }

    public StowRequestException(string message) : base(message)
    {
    }

    public StowRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public int StatusCode { get; } = StatusCodes.Status400BadRequest;
}
