using Grpc.Core.Interceptors;
using Handoff.Server.Errors;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Security;

/// <summary>
/// Holds each caller to its call rate and its number of open streams (<see cref="CallerLimits"/>). Runs right after
/// authentication, so it knows the caller, and before auditing: a refused call does no work and writes no audit
/// event, so a flood cannot fill the shared audit log. Over a limit the answer is RESOURCE_EXHAUSTED with a
/// google.rpc.RetryInfo; the log gets one warning per caller per minute with the number refused.
/// </summary>
public sealed partial class RateLimitInterceptor : Interceptor
{
    private readonly CallerLimits _limits;
    private readonly LogThrottle _throttle;
    private readonly ILogger<RateLimitInterceptor> _logger;

    public RateLimitInterceptor(CallerLimits limits, TimeProvider time, ILogger<RateLimitInterceptor> logger)
    {
        _limits = limits;
        _throttle = new LogThrottle(TimeSpan.FromMinutes(1), time);
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        AdmitCall(CallerLimits.PartitionOf(context));
        return continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var stream = AdmitStream(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var stream = AdmitStream(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var stream = AdmitStream(context);
        await continuation(requestStream, responseStream, context);
    }

    private void AdmitCall(string partition)
    {
        if (_limits.TryTakeCall(partition))
            return;
        var options = _limits.Options;
        if (_throttle.TryTake("calls " + partition, out var refused))
            LogCallsRefused(partition, refused, options.CallsPerSecond, options.Burst);
        throw ErrorStatus.Exhausted(
            $"too many calls: at most {options.CallsPerSecond} per second (bursts of {options.Burst}) per caller; retry after the delay in RetryInfo",
            "RATE_LIMITED", _limits.RetryDelay);
    }

    /// <summary>A stream is a call too, and holds one of the caller's stream slots until it ends.</summary>
    private IDisposable AdmitStream(ServerCallContext context)
    {
        var partition = CallerLimits.PartitionOf(context);
        AdmitCall(partition);
        if (_limits.TryOpenStream(partition) is { } slot)
            return slot;
        var limit = _limits.Options.MaxConcurrentStreams;
        if (_throttle.TryTake("streams " + partition, out var refused))
            LogStreamsRefused(partition, refused, limit);
        throw ErrorStatus.Exhausted(
            $"too many open streams: at most {limit} uploads, downloads and watches at a time per caller; retry once one has ended",
            "TOO_MANY_STREAMS", TimeSpan.FromSeconds(1));
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Caller} is over its call rate ({CallsPerSecond}/s, bursts of {Burst}): calls refused with RESOURCE_EXHAUSTED: {Refused} since the last such line (at most one per caller per minute)")]
    private partial void LogCallsRefused(string caller, long refused, int callsPerSecond, int burst);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Caller} is over its limit of {MaxStreams} open streams: streams refused with RESOURCE_EXHAUSTED: {Refused} since the last such line (at most one per caller per minute)")]
    private partial void LogStreamsRefused(string caller, long refused, int maxStreams);
}
