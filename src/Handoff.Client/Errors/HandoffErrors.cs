using Grpc.Core;

namespace Handoff.Client;

/// <summary>
/// Turns failed gRPC calls into the library's exceptions: <see cref="FailureClassifier"/> decides between unreachable
/// (<see cref="HandoffUnavailableException"/>) and refused (<see cref="HandoffRefusedException"/>). Every public
/// operation of <see cref="HandoffClient"/> does this at its edge; callers of the generated clients it exposes can do
/// the same with <see cref="FromRpc"/>.
/// </summary>
public static class HandoffErrors
{
    /// <summary>The library's exception for a failed call.</summary>
    /// <param name="failure">The failed call.</param>
    /// <param name="servers">The server addresses the call could have gone to, for the message of an unreachable one.</param>
    /// <returns>A <see cref="HandoffUnavailableException"/> or a <see cref="HandoffRefusedException"/>, with the call inside.</returns>
    public static HandoffException FromRpc(RpcException failure, IReadOnlyList<Uri> servers)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(servers);
        return FailureClassifier.Classify(failure) == FailureKind.Unreachable
            ? new HandoffUnavailableException(servers, Cause(failure), failure)
            : HandoffRefusedException.From(failure);
    }

    /// <summary>As <see cref="FromRpc"/>, except that a call the caller cancelled stays a cancellation.</summary>
    internal static Exception Translate(RpcException failure, HandoffClientOptions options, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? new OperationCanceledException("the operation was cancelled", failure, cancellationToken)
            : FromRpc(failure, options.Servers);

    /// <summary>Runs an operation, translating its gRPC failures.</summary>
    internal static async Task<T> GuardAsync<T>(Func<Task<T>> operation, HandoffClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, options, cancellationToken);
        }
    }

    /// <summary>The innermost transport error ("Connection refused"), which says more than gRPC's wrapper text.</summary>
    private static string Cause(RpcException failure)
    {
        var inner = failure.Status.DebugException;
        while (inner?.InnerException is not null)
            inner = inner.InnerException;
        var message = inner?.Message ?? failure.Status.Detail;
        return string.IsNullOrWhiteSpace(message) ? string.Empty : message.ReplaceLineEndings(" ").Trim();
    }
}
