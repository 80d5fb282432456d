using Handoff.Contracts.Facilities;
using Handoff.Contracts.Retention;
using Handoff.Contracts.Studies;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Retention;

/// <summary>
/// Mark and sweep over the content-addressed chunk store. Mark: every study in every facility's registry names the
/// chunks it retains. Sweep: every stored chunk that no study names and that is older than the grace period is
/// deleted, in batches, by <see cref="IChunkSweepGrain"/>. A chunk shared by studies of several facilities (the same
/// priors sent A→B and then B→C) stays as long as any of them is held.
/// </summary>
/// <remarks>
/// Not a grain: marking waits on study grains, and a study in the middle of a declaration waits on the sweep grain,
/// so the loop that calls both must sit outside them. The host runs it periodically; tests call it directly.
/// A failure anywhere (a study that cannot answer) ends the sweep before it deletes more: an incomplete mark must
/// never decide what is unused.
/// </remarks>
public sealed partial class ChunkCollector
{
    /// <summary>Chunks per delete call: bounds how long a declaration can wait behind a deletion.</summary>
    public const int DeleteBatchSize = 256;

    /// <summary>How long one sweep may go between calls to the sweep grain before another collector may take over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromHours(1);

    private const int MarkParallelism = 8;

    private readonly IGrainFactory _grains;
    private readonly IChunkReclaimer _reclaimer;
    private readonly TimeProvider _time;
    private readonly ILogger<ChunkCollector> _logger;

    public ChunkCollector(IGrainFactory grains, IChunkReclaimer reclaimer, TimeProvider time, ILogger<ChunkCollector> logger)
    {
        _grains = grains;
        _reclaimer = reclaimer;
        _time = time;
        _logger = logger;
    }

    /// <summary>One sweep; chunks stored less than <paramref name="gracePeriod"/> before it started are never deleted.</summary>
    public async Task<ChunkSweepResult> SweepAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        var sweep = _grains.GetGrain<IChunkSweepGrain>(0);

        // Taken before the mark, so no chunk written while marking can count as old.
        var cutoff = _time.GetUtcNow() - gracePeriod;
        var sweepId = await sweep.BeginSweep(Lease);
        if (sweepId == Guid.Empty)
        {
            LogSkipped();
            return ChunkSweepResult.NotRun;
        }

        try
        {
            var live = await MarkAsync(cancellationToken);
            var (scanned, unreferenced, deleted) = (0L, 0L, 0L);
            var batch = new List<string>(DeleteBatchSize);
            await foreach (var chunk in _reclaimer.ListAsync(cancellationToken))
            {
                scanned++;
                if (chunk.StoredAt >= cutoff || live.Contains(chunk.Hash))
                    continue;
                unreferenced++;
                batch.Add(chunk.Hash);
                if (batch.Count == DeleteBatchSize)
                {
                    deleted += await sweep.Delete(sweepId, batch.ToArray());
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
                deleted += await sweep.Delete(sweepId, batch.ToArray());
            LogSwept(live.Count, scanned, unreferenced, deleted);
            return new ChunkSweepResult(false, live.Count, scanned, unreferenced, deleted);
        }
        finally
        {
            await EndAsync(sweep, sweepId);
        }
    }

    /// <summary>Every chunk hash retained by a registered study of a registered facility.</summary>
    public async Task<LiveChunkSet> MarkAsync(CancellationToken cancellationToken)
    {
        var live = new LiveChunkSet();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MarkParallelism, CancellationToken = cancellationToken };
        foreach (var facilityId in await _grains.GetGrain<IFacilityDirectoryGrain>(0).List())
        {
            var studies = await _grains.GetGrain<IStudyRegistryGrain>(facilityId).List();
            await Parallel.ForEachAsync(studies, options, async (studyInstanceUid, _) =>
            {
                var hashes = await _grains.GetGrain<IStudyGrain>(StudyKey.Of(facilityId, studyInstanceUid)).GetRetainedChunkHashes();

                // Added as each study answers: holding every study's list until the end would cost far more than the set.
                lock (live)
                {
                    foreach (var hash in hashes)
                        live.Add(hash);
                }
            });
        }

        return live;
    }

    private async Task EndAsync(IChunkSweepGrain sweep, Guid sweepId)
    {
        try
        {
            await sweep.EndSweep(sweepId);
        }
        catch (Exception exception)
        {
            // The lease runs out instead; the next sweep takes over then.
            LogEndFailed(exception, sweepId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chunk sweep: {Live} chunks in use, {Scanned} stored, {Unreferenced} unreferenced past the grace period, {Deleted} deleted")]
    private partial void LogSwept(int live, long scanned, long unreferenced, long deleted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chunk sweep skipped: another sweep is running")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk sweep {SweepId}: ending it failed; its lease will lapse")]
    private partial void LogEndFailed(Exception exception, Guid sweepId);
}
