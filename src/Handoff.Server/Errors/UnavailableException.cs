namespace Handoff.Server.Errors;

/// <summary>
/// "Not now, ask again" for a reason this server knows (it is shutting down, the audit log cannot be written, a peer
/// does not answer): UNAVAILABLE with the message and a google.rpc.ErrorInfo naming <see cref="Reason"/>, which a
/// client retries with back-off. Storage and cluster trouble is <see cref="TransientFailure"/>'s to recognise.
/// </summary>
public sealed class UnavailableException : Exception
{
    public const string ShuttingDownReason = "SHUTTING_DOWN";
    public const string AuditUnavailableReason = "AUDIT_UNAVAILABLE";
    public const string PeerUnreachableReason = "PEER_UNREACHABLE";

    public UnavailableException(string reason, string message) : base(message)
    {
        Reason = reason;
    }

    public UnavailableException() : this("UNAVAILABLE", "the service is unavailable; retry shortly") { }

    public UnavailableException(string message) : this("UNAVAILABLE", message) { }

    public UnavailableException(string message, Exception innerException) : base(message, innerException)
    {
        Reason = "UNAVAILABLE";
    }

    /// <summary>The google.rpc.ErrorInfo reason, e.g. <see cref="ShuttingDownReason"/>.</summary>
    public string Reason { get; }

    /// <summary>The server is stopping; <paramref name="message"/> says how to resume.</summary>
    public static UnavailableException ShuttingDown(string message) => new(ShuttingDownReason, message);
}
