using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Shutdown;

/// <summary>
/// Drains gRPC before the silo stops. The host stops hosted services in reverse registration order, and
/// WebApplicationBuilder registers Kestrel's service before any of ours, so on its own Kestrel would stop last, after
/// the silo had already deactivated the grains its calls still need. This service is registered after UseOrleans,
/// so its StopAsync runs first: by then ApplicationStopping has fired, <see cref="ShutdownGate"/> refuses new calls,
/// upload streams stop reading after the chunk in hand and downloads and watches end; it waits until every call
/// has ended (each upload's pending group commits flushed and acked) or <see cref="ShutdownOptions.DrainTimeout"/>
/// passed. Then the silo stops (grains deactivate, the silo leaves the cluster), then Kestrel.
/// </summary>
public sealed partial class GrpcDrainService : IHostedService
{
    private readonly InFlightCalls _calls;
    private readonly TimeSpan _drainTimeout;
    private readonly ILogger<GrpcDrainService> _logger;

    public GrpcDrainService(InFlightCalls calls, IOptions<ShutdownOptions> options, ILogger<GrpcDrainService> logger)
    {
        _calls = calls;
        _drainTimeout = options.Value.DrainTimeout;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogDraining(_logger, _calls.Count, _drainTimeout);
        try
        {
            await _calls.WhenIdleAsync().WaitAsync(_drainTimeout, cancellationToken);
            LogDrained(_logger);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_logger, _calls.Count);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(_logger, _calls.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: refusing new calls, draining {Calls} in-flight gRPC calls (at most {DrainTimeout})")]
    private static partial void LogDraining(ILogger logger, int calls, TimeSpan drainTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC calls drained; stopping the silo")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain timeout reached with {Calls} gRPC calls still running; stopping the silo anyway")]
    private static partial void LogDrainTimedOut(ILogger logger, int calls);
}
