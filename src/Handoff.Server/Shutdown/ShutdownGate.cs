using Grpc.Core.Interceptors;
using Handoff.Server.Errors;
using Microsoft.Extensions.Hosting;

namespace Handoff.Server.Shutdown;

/// <summary>
/// Refuses every new call once shutdown began (UNAVAILABLE, so clients retry another server) and counts the calls
/// still running, so <see cref="GrpcDrainService"/> can wait for them before the silo stops. Health and reflection
/// pass: health must be able to answer NOT_SERVING.
/// </summary>
public sealed class ShutdownGate : Interceptor
{
    public const string RefusalMessage = "server is shutting down; retry another server";

    private readonly CancellationToken _stopping;
    private readonly InFlightCalls _calls;

    public ShutdownGate(IHostApplicationLifetime lifetime, InFlightCalls calls)
    {
        _stopping = lifetime.ApplicationStopping;
        _calls = calls;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = Enter(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = Enter(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = Enter(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = Enter(context);
        await continuation(requestStream, responseStream, context);
    }

    private IDisposable? Enter(ServerCallContext context)
    {
        if (IsExempt(context.Method))
            return null;
        var entered = _calls.Enter();
        // Checked after counting in: a call either is refused or is seen by the drain.
        if (_stopping.IsCancellationRequested)
        {
            entered.Dispose();
            throw ErrorStatus.Of(UnavailableException.ShuttingDown(RefusalMessage)); // outside the mapping interceptor
        }
        return entered;
    }

    private static bool IsExempt(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal) || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);
}
