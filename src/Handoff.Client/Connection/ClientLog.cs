using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Handoff.Client;

/// <summary>The library's log messages (source-generated): what it decided on its own about failed calls.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Server {Server} unreachable ({StatusCode}); retrying in {DelayMs} ms on {NextServer}")]
    public static partial void RetryingUnreachable(ILogger logger, Uri server, StatusCode statusCode, long delayMs, Uri nextServer);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Server {Server} asked for a pause (RESOURCE_EXHAUSTED); retrying in {DelayMs} ms")]
    public static partial void RetryingThrottled(ILogger logger, Uri server, long delayMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Giving up on {Server} ({StatusCode}, {Kind}) after {ElapsedMs} ms of retries")]
    public static partial void GivingUp(ILogger logger, Uri server, StatusCode statusCode, FailureKind kind, long elapsedMs);
}
