using System.Collections.Concurrent;
using Handoff.Contracts.Federation;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// This silo's running relays (the <see cref="IRelayRunner"/> the relay grains use): one task per transfer, started
/// when its grain activates here and stopped when it deactivates or finishes. The task runs outside the grain's
/// scheduler, so a relay streaming chunks never blocks the grain's other calls.
/// </summary>
public sealed class RelayRunner : IRelayRunner, IDisposable
{
    private readonly RelayWorker _worker;
    private readonly ConcurrentDictionary<Guid, Run> _runs = new();

    public RelayRunner(RelayWorker worker)
    {
        _worker = worker;
    }

    public void EnsureRunning(Guid transferId, string peer)
    {
        if (_runs.TryGetValue(transferId, out var existing) && !existing.Task.IsCompleted)
            return;
        var stop = new CancellationTokenSource();
        var run = new Run(stop, Task.Run(() => _worker.RunAsync(transferId, peer, stop.Token)));
        if (existing is null ? !_runs.TryAdd(transferId, run) : !_runs.TryUpdate(transferId, run, existing))
        {
            // Another call started it between the check and here: keep that one.
            stop.Cancel();
            stop.Dispose();
        }
    }

    public void Stop(Guid transferId)
    {
        if (_runs.TryRemove(transferId, out var run))
            run.Stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var run in _runs.Values)
            run.Stop.Cancel();
    }

    private sealed record Run(CancellationTokenSource Stop, Task Task);
}
