using Handoff.Contracts.Federation;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// Keeps unfinished relays running after a failure: every few seconds each silo asks the relay directory for them
/// and calls <see cref="IRelayGrain.Ensure"/> on each. A relay grain whose silo died activates on a live one and
/// starts its runner there. Cheap when nothing is relayed (one directory read per silo per interval).
/// </summary>
public sealed partial class RelaySupervisor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly ILogger<RelaySupervisor> _logger;

    public RelaySupervisor(IGrainFactory grains, ILogger<RelaySupervisor> logger)
    {
        _grains = grains;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                foreach (var transferId in await _grains.GetGrain<IRelayDirectoryGrain>(0).List())
                    await _grains.GetGrain<IRelayGrain>(transferId).Ensure();
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                // The silo may be starting, stopping, or the cluster re-forming; the next tick tries again.
                LogSupervisionFailed(failure);
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relay supervision skipped a round")]
    private partial void LogSupervisionFailed(Exception exception);
}
