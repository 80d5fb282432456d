using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Errors;

/// <summary>
/// The only place exceptions become gRPC statuses (see <see cref="ErrorStatus"/>). Refusals are expected and logged
/// at debug level by method and status only; the unexpected is logged with its exception and answered with a generic
/// INTERNAL, so no internal detail (or patient data an exception might carry) reaches the client.
/// </summary>
public sealed partial class ExceptionMappingInterceptor : Interceptor
{
    private readonly ILogger<ExceptionMappingInterceptor> _logger;

    public ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger)
    {
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        var translated = ErrorStatus.Translate(exception, context.CancellationToken.IsCancellationRequested);
        if (translated is not null)
        {
            // Storage or cluster trouble is the operator's business even though the client will retry: warn, naming
            // the exception type only (a storage message can carry request details, never needed here).
            if (translated.StatusCode == StatusCode.Unavailable && exception is not (RpcException or UnavailableException))
                LogTransient(context.Method, exception.GetType().Name);
            else
                LogRefused(context.Method, translated.StatusCode);
            return translated;
        }
        LogUnexpected(exception, context.Method);
        return ErrorStatus.Internal();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} ended with {StatusCode}")]
    private partial void LogRefused(string method, StatusCode statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answered UNAVAILABLE after {ExceptionType}; the client will retry")]
    private partial void LogTransient(string method, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string method);
}
