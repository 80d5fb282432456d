using System.Diagnostics;

namespace Handoff.Client;

/// <summary>
/// Live counts of a send or receive, updated lock-free by the workers; each change is reported to the caller's
/// <see cref="IProgress{T}"/> as a <see cref="TransferProgress"/>.
/// </summary>
internal sealed class TransferCounters
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IProgress<TransferProgress>? _progress;
    private long _instancesFound;
    private long _bytesFound;
    private long _instancesDone;
    private long _bytesToMove;
    private long _bytesMoved;
    private long _chunksMoved;
    private int _totalKnown;

    public TransferCounters(IProgress<TransferProgress>? progress = null)
    {
        _progress = progress;
    }

    public long InstancesFound => Interlocked.Read(ref _instancesFound);

    public long BytesFound => Interlocked.Read(ref _bytesFound);

    public long InstancesDone => Interlocked.Read(ref _instancesDone);

    public long BytesToMove => Interlocked.Read(ref _bytesToMove);

    public long BytesMoved => Interlocked.Read(ref _bytesMoved);

    public long ChunksMoved => Interlocked.Read(ref _chunksMoved);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>True once the number of instances is final (source exhausted, or the manifest complete).</summary>
    public bool TotalKnown
    {
        get => Volatile.Read(ref _totalKnown) == 1;
        set
        {
            if (Interlocked.Exchange(ref _totalKnown, value ? 1 : 0) != (value ? 1 : 0))
                Report();
        }
    }

    public void AddFound(long instances, long bytes)
    {
        Interlocked.Add(ref _instancesFound, instances);
        Interlocked.Add(ref _bytesFound, bytes);
        Report();
    }

    public void AddDone(long instances)
    {
        Interlocked.Add(ref _instancesDone, instances);
        Report();
    }

    public void AddToMove(long bytes)
    {
        Interlocked.Add(ref _bytesToMove, bytes);
        Report();
    }

    public void AddMoved(long bytes)
    {
        Interlocked.Add(ref _bytesMoved, bytes);
        Interlocked.Increment(ref _chunksMoved);
        Report();
    }

    public TransferProgress Snapshot() =>
        new(InstancesFound, BytesFound, InstancesDone, BytesToMove, BytesMoved, ChunksMoved, TotalKnown, Elapsed);

    private void Report() => _progress?.Report(Snapshot());
}
