using Grpc.Core.Interceptors;
using Handoff.Server.Federation;

namespace Handoff.Server.Security;

/// <summary>
/// Establishes the <see cref="Caller"/> of every Handoff call from <c>authorization: Bearer &lt;key&gt;</c>: the operator
/// key, a facility key its facility grain verifies, or a signed-in user's token (whose role
/// <see cref="UserPermissionInterceptor"/> checks, inside the audit); anything else is UNAUTHENTICATED. Health checking and
/// reflection stay open so probes and tools work without a key. Calls on the federation endpoint are a peer
/// cluster's, identified by its client certificate (<see cref="PeerAuthenticator"/>).
/// </summary>
public sealed class AuthenticationInterceptor : Interceptor
{
    private readonly ApiKeyAuthenticator _keys;
    private readonly PeerAuthenticator _peers;

    public AuthenticationInterceptor(ApiKeyAuthenticator keys, PeerAuthenticator peers)
    {
        _keys = keys;
        _peers = peers;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        // The federation endpoint is for peer clusters only: their certificate is the credential, never a key.
        if (_peers.IsFederationCall(context))
        {
            context.SetCaller(await _peers.AuthenticateAsync(context));
            return;
        }
        if (IsOpenMethod(context.Method))
            return;
        var key = ApiKeyAuthenticator.BearerKey(context.RequestHeaders.GetValue("authorization")) ?? throw ApiKeyAuthenticator.MissingKey();
        context.SetCaller(await _keys.AuthenticateAsync(key));
    }

    private static bool IsOpenMethod(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);
}
