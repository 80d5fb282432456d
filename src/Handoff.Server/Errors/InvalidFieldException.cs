namespace Handoff.Server.Errors;

/// <summary>
/// A request field the server refuses before any grain or store sees it. Becomes INVALID_ARGUMENT with a
/// google.rpc.BadRequest field violation, so a client can point at the exact field.
/// </summary>
public sealed class InvalidFieldException : Exception
{
    public InvalidFieldException(string field, string message) : base(message)
    {
        Field = field;
    }

    public InvalidFieldException() : this("(request)", "invalid request") { }

    public InvalidFieldException(string message) : this("(request)", message) { }

    public InvalidFieldException(string message, Exception innerException) : base(message, innerException)
    {
        Field = "(request)";
    }

    /// <summary>The proto field path, e.g. "instances[3].chunk_hashes[0]".</summary>
    public string Field { get; }
}
