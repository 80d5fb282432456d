using System.Diagnostics;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Live counts of a send or receive, updated lock-free by the workers and read by the progress display.
/// "Moved" bytes are the ones that crossed the network; instances already on the other side count as done
/// without moving anything, which is what a resumed transfer looks like.
/// </summary>
internal sealed class TransferCounters
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _inputsTotal;
    private long _inputsScanned;
    private long _instancesFound;
    private long _bytesFound;
    private long _instancesDone;
    private long _bytesToMove;
    private long _bytesMoved;
    private long _chunksMoved;

    public long InputsTotal => Interlocked.Read(ref _inputsTotal);

    public long InputsScanned => Interlocked.Read(ref _inputsScanned);

    public long InstancesFound => Interlocked.Read(ref _instancesFound);

    public long BytesFound => Interlocked.Read(ref _bytesFound);

    public long InstancesDone => Interlocked.Read(ref _instancesDone);

    public long BytesToMove => Interlocked.Read(ref _bytesToMove);

    public long BytesMoved => Interlocked.Read(ref _bytesMoved);

    public long ChunksMoved => Interlocked.Read(ref _chunksMoved);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>True once the number of instances is final (scan done, or the manifest complete).</summary>
    public bool TotalKnown { get; set; }

    public void SetInputsTotal(long count) => Interlocked.Exchange(ref _inputsTotal, count);

    public void AddScanned(InspectedInstance? instance)
    {
        Interlocked.Increment(ref _inputsScanned);
        if (instance is not null)
            AddFound(1, instance.Length);
    }

    public void AddFound(long instances, long bytes)
    {
        Interlocked.Add(ref _instancesFound, instances);
        Interlocked.Add(ref _bytesFound, bytes);
    }

    public void AddDone(long instances) => Interlocked.Add(ref _instancesDone, instances);

    public void AddToMove(long bytes) => Interlocked.Add(ref _bytesToMove, bytes);

    public void AddMoved(long bytes)
    {
        Interlocked.Add(ref _bytesMoved, bytes);
        Interlocked.Increment(ref _chunksMoved);
    }

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
}
