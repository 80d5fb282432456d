using System.Net.Sockets;
using Google.Rpc;
using Grpc.Core;

namespace Handoff.Client;

/// <summary>
/// The one rule for which failed calls are worth retrying, decided by the status code and its google.rpc.Status details,
/// and for failures this client saw itself (no answer from any server) by the kind of transport error, never by the
/// words of a message.
/// </summary>
public static class FailureClassifier
{
    /// <summary>Classifies a failed call.</summary>
    /// <param name="failure">The failure of the call.</param>
    /// <returns>Whether the server refused, could not be reached, or asked for a pause.</returns>
    public static FailureKind Classify(RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.StatusCode switch
        {
            StatusCode.Unavailable => FailureKind.Unreachable,
            StatusCode.ResourceExhausted when RetryDelay(failure) is not null => FailureKind.Throttled,
            // grpc-dotnet reports a connection that broke under a call (a dying server) as INTERNAL, UNKNOWN or
            // CANCELLED with the transport's exception inside; a status the server sent has none.
            StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled when IsTransportError(failure.Status.DebugException) => FailureKind.Unreachable,
            _ => FailureKind.Refused,
        };
    }

    /// <summary>True when the call failed because no server could be reached (or it went away mid-call).</summary>
    /// <param name="failure">The failure of the call.</param>
    /// <returns>True for <see cref="FailureKind.Unreachable"/>.</returns>
    public static bool IsUnreachable(RpcException failure) => Classify(failure) == FailureKind.Unreachable;

    /// <summary>
    /// True when the failure was seen by this client without an answer from a server (a refused connection, a reset
    /// stream), as opposed to a status a server sent.
    /// </summary>
    /// <param name="failure">The failure of the call.</param>
    /// <returns>True when no server answered.</returns>
    public static bool IsLocal(RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Status.DebugException is not null;
    }

    /// <summary>The delay a RESOURCE_EXHAUSTED answer asks for in its google.rpc.RetryInfo detail; null when it has none.</summary>
    /// <param name="failure">The failure of the call.</param>
    /// <returns>The delay, never negative, or null.</returns>
    public static TimeSpan? RetryDelay(RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.StatusCode != StatusCode.ResourceExhausted)
            return null;
        try
        {
            var info = failure.GetRpcStatus()?.GetDetail<RetryInfo>();
            if (info?.RetryDelay is not { } delay)
                return null;
            var span = delay.ToTimeSpan();
            return span < TimeSpan.Zero ? TimeSpan.Zero : span;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null; // malformed details: treat as a refusal without advice
        }
    }

    private static bool IsTransportError(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or IOException or SocketException)
                return true;
        }
        return false;
    }
}
