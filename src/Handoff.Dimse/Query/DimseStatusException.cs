namespace Handoff.Dimse.Query;

/// <summary>A peer ended a request with a failure status; the message names the operation, the status and its comment.</summary>
public sealed class DimseStatusException : Exception
{
    public DimseStatusException(string operation, ushort status, string? comment)
        : base($"{operation} failed with status 0x{status:X4}{(string.IsNullOrEmpty(comment) ? "" : $": {comment}")}")
    {
        Status = status;
    }

    public DimseStatusException() : this("the request", 0xC000, null)
    {
    }

    public DimseStatusException(string message) : base(message)
    {
    }

    public DimseStatusException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ushort Status { get; }
}
