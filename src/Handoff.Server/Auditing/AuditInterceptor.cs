using Grpc.Core.Interceptors;
using Handoff.Server.Errors;
using Handoff.Server.Security;

namespace Handoff.Server.Auditing;

/// <summary>
/// Writes one audit event per audited call (never per chunk) when it ends, with its outcome: success, denied,
/// not-found, invalid, cancelled, error. Runs inside authentication, so the caller is known. The event is durable
/// before the caller sees its answer: a successful call whose event could not be written ends UNAVAILABLE instead
/// (the event is retried in the background); a call that failed keeps its own error and its event is retried.
/// </summary>
public sealed class AuditInterceptor : Interceptor
{
    public const string AuditUnavailableMessage =
        "the audit event of this call could not be written, so its result is withheld; anything it changed stands and is audited once storage recovers; retry";

    private readonly AuditTrail _trail;

    public AuditInterceptor(AuditTrail trail)
    {
        _trail = trail;
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
        var scope = new AuditScope { NetworkAddress = PeerAddress.Of(context.Peer) };
        AuditScope.Attach(context, scope);
        T result;
        try
        {
            result = await call();
        }
        catch (Exception exception)
        {
            // The call already failed; its own error matters more to the client than the audit write's, which the
            // trail retries in the background.
            var code = ErrorStatus.CodeOf(exception, context.CancellationToken.IsCancellationRequested);
            await _trail.WriteAsync(caller, action, scope, AuditedActions.OutcomeOf(code));
            throw;
        }
        if (!await _trail.WriteAsync(caller, action, scope, AuditedActions.Success))
            throw new UnavailableException(UnavailableException.AuditUnavailableReason, AuditUnavailableMessage);
        return result;
    }
}
