namespace Handoff.Client;

/// <summary>
/// Assembles one received instance in a sink. Every chunk is checked against its expected hash before the sink sees
/// it; the instance is committed only when every chunk has been verified and written. So what a sink makes visible is
/// always whole and correct, and after an interruption the verified chunks it held are kept.
/// </summary>
internal sealed class InstanceAssembly : IDisposable
{
    private readonly IInstanceWriter _writer;
    private readonly int[] _written;
    private int _missing;
    private int _committed;

    public InstanceAssembly(IInstanceWriter writer, string name, InstanceHashes expected)
    {
        _writer = writer;
        Name = name;
        Expected = expected;
        _written = new int[expected.Count];
        _missing = expected.Count;
    }

    /// <summary>How the instance is named in messages (its SOP Instance UID).</summary>
    public string Name { get; }

    public InstanceHashes Expected { get; }

    /// <summary>Committed to the sink (in this run or an earlier one).</summary>
    public bool IsComplete => Volatile.Read(ref _committed) == 1;

    /// <summary>The instance was already complete in the sink before this run wrote anything.</summary>
    public bool WasAlreadyPresent { get; private set; }

    /// <summary>
    /// Asks the sink what an earlier run left and returns the chunk indices still needed. A sink holding every chunk
    /// of an uncommitted instance must commit it itself and report it whole (<see cref="HeldChunks.Complete"/>).
    /// </summary>
    public List<int> Resume()
    {
        var held = _writer.FindHeld();
        if (held.Complete)
        {
            for (var index = 0; index < _written.Length; index++)
                _written[index] = 1;
            Volatile.Write(ref _missing, 0);
            Volatile.Write(ref _committed, 1);
            WasAlreadyPresent = true;
            return [];
        }
        var needed = new List<int>();
        for (var index = 0; index < _written.Length; index++)
        {
            if (held.Holds(index) && MarkWritten(index))
                Interlocked.Decrement(ref _missing);
            else if (!held.Holds(index))
                needed.Add(index);
        }
        return needed;
    }

    /// <summary>Verifies and writes chunk <paramref name="index"/>; returns true when it was the last one missing (commit next).</summary>
    public bool WriteChunk(int index, ReadOnlySpan<byte> data) => WriteChunk(index, ChunkHash.Of(data), data);

    /// <summary>As <see cref="WriteChunk(int, ReadOnlySpan{byte})"/>, with the hash of <paramref name="data"/> already computed by the caller.</summary>
    public bool WriteChunk(int index, ChunkHash hashOfData, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Expected.Count);
        if (data.Length != Expected.LengthOf(index))
            throw new HandoffVerificationException($"instance {Name}: chunk {index} is {data.Length} bytes, expected {Expected.LengthOf(index)}");
        if (hashOfData != Expected[index])
            throw new HandoffVerificationException($"instance {Name}: chunk {index} does not match its hash (expected {Expected[index]}, received {hashOfData})");
        _writer.WriteChunk(index, Expected.Offset(index), data);
        return MarkWritten(index) && Interlocked.Decrement(ref _missing) == 0;
    }

    /// <summary>True when every chunk is written but the instance is not yet committed (an empty instance, say).</summary>
    public bool ReadyToCommit => Volatile.Read(ref _missing) == 0 && !IsComplete;

    /// <summary>Commits the instance to the sink, once.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _missing) != 0)
            throw new InvalidOperationException($"instance {Name} still lacks {_missing} chunks");
        if (IsComplete)
            return;
        await _writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _committed, 1);
    }

    public void Dispose() => _writer.Dispose();

    // Returns false when the chunk was written before (a retried download), so it is not counted twice.
    private bool MarkWritten(int index) => Interlocked.Exchange(ref _written[index], 1) == 0;
}
