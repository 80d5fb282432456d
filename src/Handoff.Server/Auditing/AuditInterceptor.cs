using Grpc.Core.Interceptors;
using Handoff.Server.Errors;
using Handoff.Server.Security;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Auditing;

/// <summary>
/// Writes one audit event per audited call (never per chunk) when it ends, with its outcome: success, denied,
/// not-found, invalid. Runs inside authentication, so the caller is known; the event is durable before the caller
/// sees its answer.
/// </summary>
public sealed partial class AuditInterceptor : Interceptor
{
    private readonly AuditTrail _trail;
    private readonly ILogger<AuditInterceptor> _logger;

    public AuditInterceptor(AuditTrail trail, ILogger<AuditInterceptor> logger)
    {
        _trail = trail;
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        AuditAsync(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        AuditAsync(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        AuditAsync(context, async () => { await continuation(request, responseStream, context); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        AuditAsync(context, async () => { await continuation(requestStream, responseStream, context); return true; });

    private async Task<T> AuditAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var action = AuditedActions.ActionOf(context.Method);
        var caller = context.FindCaller();
        if (action is null || caller is null)
            return await call();
        var scope = new AuditScope();
        AuditScope.Attach(context, scope);
        try
        {
            var result = await call();
            await WriteAsync(caller, action, scope, StatusCode.OK);
            return result;
        }
        catch (Exception exception)
        {
            await WriteAsync(caller, action, scope, ErrorStatus.CodeOf(exception, context.CancellationToken.IsCancellationRequested));
            throw;
        }
    }

    private async Task WriteAsync(Caller caller, string action, AuditScope scope, StatusCode code)
    {
        try
        {
            await _trail.WriteAsync(caller, action, scope, AuditedActions.OutcomeOf(code));
        }
        catch (Exception exception) when (code != StatusCode.OK)
        {
            // The call already failed; its own error matters more to the client than the audit write's.
            LogAuditWriteFailed(exception, action, caller.Actor);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "could not write the audit event of {Action} by {Actor}")]
    private partial void LogAuditWriteFailed(Exception exception, string action, string actor);
}
