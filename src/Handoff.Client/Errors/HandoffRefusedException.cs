using Google.Rpc;
using Grpc.Core;

namespace Handoff.Client;

/// <summary>
/// A server answered and refused: the key (UNAUTHENTICATED), access (PERMISSION_DENIED), a transfer or facility that
/// does not exist (NOT_FOUND), a request it finds invalid, the wrong state, or too many calls for longer than the retry
/// budget (RESOURCE_EXHAUSTED). Retrying the same request cannot help.
/// </summary>
public class HandoffRefusedException : HandoffException
{
    /// <summary>Creates the exception for a status a server answered with.</summary>
    /// <param name="statusCode">The gRPC status code.</param>
    /// <param name="detail">The server's own message (it names the transfer, facility, instance or field), or empty.</param>
    /// <param name="innerException">The failed call, when there was one.</param>
    public HandoffRefusedException(StatusCode statusCode, string detail, Exception? innerException = null)
        : base(detail.Length > 0 ? detail : $"the server refused ({statusCode})", innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public HandoffRefusedException() : this(StatusCode.Unknown, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The server's message.</param>
    public HandoffRefusedException(string message) : this(StatusCode.Unknown, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The server's message.</param>
    /// <param name="innerException">The cause.</param>
    public HandoffRefusedException(string message, Exception? innerException) : this(StatusCode.Unknown, message, innerException)
    {
    }

    /// <summary>The gRPC status code the server answered with.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The server's message, possibly empty.</summary>
    public string Detail { get; }

    /// <summary>The machine-readable reason of the refusal (google.rpc.ErrorInfo), when the server gave one.</summary>
    public string? Reason { get; init; }

    /// <summary>The delay the server advised (google.rpc.RetryInfo), when it gave one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The refusal described by a failed call.</summary>
    /// <param name="failure">A call the server refused.</param>
    /// <returns>The exception, with the call as its inner exception.</returns>
    public static HandoffRefusedException From(RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        string? reason = null;
        try
        {
            reason = failure.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // Malformed details carry no reason.
        }
        return new HandoffRefusedException(failure.StatusCode, failure.Status.Detail, failure)
        {
            Reason = string.IsNullOrEmpty(reason) ? null : reason,
            RetryAfter = FailureClassifier.RetryDelay(failure),
        };
    }
}
