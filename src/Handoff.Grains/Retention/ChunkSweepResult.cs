namespace Handoff.Grains.Retention;

/// <summary>What one sweep found and did; <see cref="Skipped"/> when another sweep was running.</summary>
public sealed record ChunkSweepResult(bool Skipped, int LiveChunks, long Scanned, long Unreferenced, long Deleted)
{
    public static readonly ChunkSweepResult NotRun = new(true, 0, 0, 0, 0);
}
