using Handoff.Contracts.Errors;
using Handoff.Contracts.Retention;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Retention;

/// <summary>
/// Deletes chunks for the collector, fenced against declarations (see <see cref="IChunkSweepGrain"/> for the race).
/// Non-reentrant on purpose: that one deletion batch and one protect never overlap is the whole point. It calls no
/// grain, so a study waiting on it inside a declaration cannot deadlock with it.
/// </summary>
public sealed partial class ChunkSweepGrain : Grain, IChunkSweepGrain
{
    private readonly IChunkReclaimer _reclaimer;
    private readonly ILogger<ChunkSweepGrain> _logger;
    private readonly HashSet<string> _protected = new(StringComparer.Ordinal);
    private Guid _sweepId;
    private TimeSpan _lease;
    private DateTimeOffset _leaseEnds;

    public ChunkSweepGrain(IChunkReclaimer reclaimer, ILogger<ChunkSweepGrain> logger)
    {
        _reclaimer = reclaimer;
        _logger = logger;
    }

    public Task<Guid> BeginSweep(TimeSpan lease)
    {
        if (lease <= TimeSpan.Zero)
            throw DomainException.Invalid($"lease {lease} must be positive");
        var now = DateTimeOffset.UtcNow;
        if (_sweepId != Guid.Empty && now < _leaseEnds)
            return Task.FromResult(Guid.Empty);
        if (_sweepId != Guid.Empty)
            LogLeaseTakenOver(_sweepId);

        _sweepId = Guid.NewGuid();
        _lease = lease;
        _leaseEnds = now + lease;
        _protected.Clear();

        // Losing this activation mid-sweep is safe (the sweep's deletes are then refused) but wastes the sweep.
        this.DelayDeactivation(lease);
        return Task.FromResult(_sweepId);
    }

    public Task<bool> IsSweeping() => Task.FromResult(_sweepId != Guid.Empty);

    public Task Protect(IReadOnlyList<string> chunkHashes)
    {
        if (_sweepId != Guid.Empty && chunkHashes is not null)
            _protected.UnionWith(chunkHashes);
        return Task.CompletedTask;
    }

    public async Task<int> Delete(Guid sweepId, IReadOnlyList<string> chunkHashes)
    {
        RequireCurrent(sweepId);
        ArgumentNullException.ThrowIfNull(chunkHashes);
        var doomed = new List<string>(chunkHashes.Count);
        foreach (var hash in chunkHashes)
        {
            if (!_protected.Contains(hash))
                doomed.Add(hash);
        }

        _leaseEnds = DateTimeOffset.UtcNow + _lease;
        if (doomed.Count == 0)
            return 0;

        // Inside the turn, not handed back to the caller: a protect queued behind this call must not run first.
        return await _reclaimer.DeleteAsync(doomed, CancellationToken.None);
    }

    public Task EndSweep(Guid sweepId)
    {
        if (sweepId == _sweepId)
        {
            _sweepId = Guid.Empty;
            _protected.Clear();
            _protected.TrimExcess();
        }

        return Task.CompletedTask;
    }

    private void RequireCurrent(Guid sweepId)
    {
        if (sweepId == Guid.Empty || sweepId != _sweepId)
            throw DomainException.WrongState($"sweep {sweepId} is not the current chunk sweep; it was ended, taken over or lost with a restart");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk sweep {SweepId} let its lease lapse; a new sweep takes over")]
    private partial void LogLeaseTakenOver(Guid sweepId);
}
