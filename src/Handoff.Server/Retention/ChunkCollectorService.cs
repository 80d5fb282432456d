using Handoff.Grains.Retention;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Retention;

/// <summary>
/// Runs the chunk collector every <see cref="ChunkCollectorOptions.SweepInterval"/>. A failed sweep is logged and
/// the next one starts from scratch: a sweep keeps no state, so nothing is lost by skipping one.
/// </summary>
public sealed partial class ChunkCollectorService : BackgroundService
{
    private readonly ChunkCollector _collector;
    private readonly ChunkCollectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChunkCollectorService> _logger;

    public ChunkCollectorService(
        ChunkCollector collector, IOptions<ChunkCollectorOptions> options, TimeProvider time, ILogger<ChunkCollectorService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _collector = collector;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep waits a whole interval: the silo is still starting, and a restart loop must not sweep each time.
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await SweepAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _collector.SweepAsync(_options.GracePeriod, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogSweepFailed(exception, _options.SweepInterval);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk sweep failed; nothing more was deleted, next attempt in {Interval}")]
    private partial void LogSweepFailed(Exception exception, TimeSpan interval);
}
