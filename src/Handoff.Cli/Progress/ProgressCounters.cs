using System.Diagnostics;
using Handoff.Client;

namespace Handoff.Cli.Progress;

/// <summary>
/// What the progress display shows: the scan of the inputs (counted here, as the CLI scans) and the library's
/// reports of the transfer. Reports arrive from several workers at once and possibly out of order; every count only
/// grows, so the largest seen is the current one.
/// </summary>
internal sealed class ProgressCounters : IProgress<TransferProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TransferProgress _latest;
    private long _inputsTotal;
    private long _inputsScanned;

    public long InputsTotal => Interlocked.Read(ref _inputsTotal);

    public long InputsScanned => Interlocked.Read(ref _inputsScanned);

    public long InstancesFound => Latest.InstancesFound;

    public long InstancesDone => Latest.InstancesDone;

    public long BytesToMove => Latest.BytesToMove;

    public long BytesMoved => Latest.BytesMoved;

    /// <summary>True once the number of instances is final (scan done, or the manifest complete).</summary>
    public bool TotalKnown => Latest.TotalKnown;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Bytes per second moved since the start.</summary>
    public double Rate => _clock.Elapsed.TotalSeconds > 0.05 ? BytesMoved / _clock.Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the current rate, when there is a rate to go by.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            var rate = Rate;
            var left = BytesToMove - BytesMoved;
            return rate > 0 && left >= 0 ? TimeSpan.FromSeconds(left / rate) : null;
        }
    }

    private TransferProgress Latest
    {
        get
        {
            lock (_lock)
                return _latest;
        }
    }

    public void SetInputsTotal(long count) => Interlocked.Exchange(ref _inputsTotal, count);

    public void AddScanned() => Interlocked.Increment(ref _inputsScanned);

    public void Report(TransferProgress value)
    {
        lock (_lock)
        {
            var old = _latest;
            _latest = new TransferProgress(
                Math.Max(old.InstancesFound, value.InstancesFound),
                Math.Max(old.BytesFound, value.BytesFound),
                Math.Max(old.InstancesDone, value.InstancesDone),
                Math.Max(old.BytesToMove, value.BytesToMove),
                Math.Max(old.BytesMoved, value.BytesMoved),
                Math.Max(old.ChunksMoved, value.ChunksMoved),
                old.TotalKnown || value.TotalKnown,
                value.Elapsed > old.Elapsed ? value.Elapsed : old.Elapsed);
        }
    }
}
