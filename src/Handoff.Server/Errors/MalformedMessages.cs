using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Errors;

/// <summary>
/// Request bytes that are not a message of their type (truncated, wrong wire types, invalid UTF-8 in a string). gRPC
/// parses a unary request before any interceptor runs, and reports a parser exception as UNKNOWN with a stack trace
/// in the log: nine hostile bytes bought seventeen log lines. Each method's request marshaller is wrapped here
/// instead (<see cref="Hosting.GuardedServiceMethodProvider{TService}"/>), so the caller gets INVALID_ARGUMENT naming
/// the message type, and the log gets at most one line per method per minute, with the count. Nothing of the bytes
/// is logged.
/// </summary>
public sealed partial class MalformedMessages
{
    private readonly LogThrottle _throttle;
    private readonly ILogger<MalformedMessages> _logger;

    public MalformedMessages(TimeProvider time, ILogger<MalformedMessages> logger)
    {
        _throttle = new LogThrottle(TimeSpan.FromMinutes(1), time);
        _logger = logger;
    }

    /// <summary>The same method with a request parser that refuses malformed bytes as described above.</summary>
    public Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(method);
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var messageType = MessageTypeOf(typeof(TRequest));
        var fullName = method.FullName;
        var requests = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (Exception malformed) when (malformed is InvalidProtocolBufferException or ArgumentException)
            {
                // ArgumentException: the decoder's DecoderFallbackException, should a string's bytes not be UTF-8.
                Report(fullName, messageType);
                throw ErrorStatus.MalformedMessage(messageType);
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }

    private void Report(string method, string messageType)
    {
        if (_throttle.TryTake(method, out var refused))
            LogMalformed(method, refused, messageType);
    }

    /// <summary>"handoff.v1.GetTransferRequest" for a generated message type; the CLR name for anything else.</summary>
    private static string MessageTypeOf(Type type) =>
        type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : type.Name;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Method} refused requests that were not valid {MessageType} messages with INVALID_ARGUMENT: {Refused} since the last such line (at most one per method per minute)")]
    private partial void LogMalformed(string method, long refused, string messageType);
}
