using Grpc.Core.Interceptors;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Server.Federation;

namespace Handoff.Server.Security;

/// <summary>
/// Establishes the <see cref="Caller"/> of every Handoff call from <c>authorization: Bearer &lt;key&gt;</c>: the operator
/// key, or a facility key its facility grain verifies; anything else is UNAUTHENTICATED. Health checking and
/// reflection stay open so probes and tools work without a key. Calls on the federation endpoint are a peer
/// cluster's, identified by its client certificate (<see cref="PeerAuthenticator"/>).
/// </summary>
public sealed class AuthenticationInterceptor : Interceptor
{
    private const string BearerPrefix = "Bearer ";

    private readonly OperatorKey _operatorKey;
    private readonly FacilityKeyCache _cache;
    private readonly IGrainFactory _grains;
    private readonly PeerAuthenticator _peers;

    public AuthenticationInterceptor(OperatorKey operatorKey, FacilityKeyCache cache, IGrainFactory grains, PeerAuthenticator peers)
    {
        _operatorKey = operatorKey;
        _cache = cache;
        _grains = grains;
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
        var key = BearerKey(context) ?? throw Unauthenticated("missing API key: send 'authorization: Bearer <key>'");
        if (_operatorKey.Matches(key))
        {
            context.SetCaller(Caller.Operator);
            return;
        }
        var facilityId = ApiKeyFormat.FacilityOf(key) ?? throw Unauthenticated("the API key is not valid");
        if (!_cache.IsVerified(key, facilityId))
        {
            if (!await _grains.GetGrain<IFacilityGrain>(facilityId).VerifyKey(key))
                throw Unauthenticated("the API key is not valid");
            _cache.Remember(key, facilityId);
        }
        context.SetCaller(Caller.Facility(facilityId));
    }

    private static bool IsOpenMethod(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    private static string? BearerKey(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return null;
        var key = header[BearerPrefix.Length..].Trim();
        return key.Length == 0 ? null : key;
    }

    // One message for every wrong key, so a caller learns nothing about which facilities exist.
    private static DomainException Unauthenticated(string message) => new(DomainErrorKind.Unauthenticated, message);
}
