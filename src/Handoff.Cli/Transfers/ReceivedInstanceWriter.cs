using Microsoft.Win32.SafeHandles;

namespace Handoff.Cli.Transfers;

/// <summary>
/// Assembles one received instance. Every chunk is checked against its expected hash before it touches the disk;
/// chunks go into "&lt;name&gt;.dcm.part" at their offsets (several download streams may write one large instance at
/// once), and only when every chunk has been verified is the file renamed to its final name. So a final file is
/// always whole and correct, and after an interruption the verified chunks of a .part file are kept.
/// </summary>
internal sealed class ReceivedInstanceWriter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly int[] _written;
    private SafeFileHandle? _handle;
    private int _missing;

    public ReceivedInstanceWriter(string instancePath, string name, ChunkedHashes expected)
    {
        InstancePath = instancePath;
        Name = name;
        Expected = expected;
        _written = new int[expected.Count];
        _missing = expected.Count;
    }

    public string InstancePath { get; }

    public string PartialPath => ReceiveLayout.PartialPath(InstancePath);

    /// <summary>How the instance is named in messages (its SOP Instance UID).</summary>
    public string Name { get; }

    public ChunkedHashes Expected { get; }

    public bool IsComplete => Volatile.Read(ref _missing) == 0 && File.Exists(InstancePath);

    /// <summary>The instance was already complete on disk before this run wrote anything.</summary>
    public bool WasAlreadyPresent { get; private set; }

    /// <summary>
    /// Looks at what an earlier run left: a final file whose chunks all verify means the instance is done; otherwise
    /// each chunk of a .part file is verified and the good ones are kept. Returns the chunk indices still needed.
    /// </summary>
    public List<int> Resume()
    {
        var found = ReceivedFileVerifier.VerifiedChunks(InstancePath, Expected);
        if (found.All)
        {
            MarkAllWritten();
            WasAlreadyPresent = true;
            return [];
        }
        var partial = ReceivedFileVerifier.VerifiedChunks(PartialPath, Expected);
        var needed = new List<int>();
        for (var index = 0; index < _written.Length; index++)
        {
            if (partial.Verified[index])
            {
                if (MarkWritten(index))
                    Interlocked.Decrement(ref _missing);
            }
            else
                needed.Add(index);
        }
        if (Volatile.Read(ref _missing) == 0)
            Publish();
        return needed;
    }

    /// <summary>Verifies and writes chunk <paramref name="index"/>; returns true when it was the last one missing.</summary>
    public bool WriteChunk(int index, ReadOnlySpan<byte> data) => WriteChunk(index, ChunkHash.Of(data), data);

    /// <summary>As <see cref="WriteChunk(int, ReadOnlySpan{byte})"/>, with the hash of <paramref name="data"/> already computed by the caller.</summary>
    public bool WriteChunk(int index, ChunkHash hashOfData, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Expected.Count);
        if (data.Length != Expected.LengthOf(index))
            throw new ChunkVerificationException($"instance {Name}: chunk {index} is {data.Length} bytes, expected {Expected.LengthOf(index)}");
        if (hashOfData != Expected[index])
            throw new ChunkVerificationException($"instance {Name}: chunk {index} does not match its hash (expected {Expected[index]}, received {hashOfData})");
        RandomAccess.Write(OpenPartial(), data, Expected.Offset(index));
        if (!MarkWritten(index) || Interlocked.Decrement(ref _missing) != 0)
            return false;
        Publish();
        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _handle?.Dispose();
            _handle = null;
        }
    }

    private SafeFileHandle OpenPartial()
    {
        lock (_lock)
        {
            if (_handle is { } open)
                return open;
            Directory.CreateDirectory(Path.GetDirectoryName(InstancePath)!);
            var handle = File.OpenHandle(PartialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            if (RandomAccess.GetLength(handle) != Expected.Length)
                RandomAccess.SetLength(handle, Expected.Length);
            _handle = handle;
            return handle;
        }
    }

    /// <summary>Renames the verified .part to the final name; the rename is the commit point.</summary>
    private void Publish()
    {
        lock (_lock)
        {
            if (Expected.Count == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(InstancePath)!);
                File.WriteAllBytes(PartialPath, []);
            }
            _handle?.Dispose();
            _handle = null;
            File.Move(PartialPath, InstancePath, overwrite: true);
        }
    }

    private void MarkAllWritten()
    {
        for (var index = 0; index < _written.Length; index++)
            _written[index] = 1;
        Volatile.Write(ref _missing, 0);
    }

    // Returns false when the chunk was written before (a retried download), so it is not counted twice.
    private bool MarkWritten(int index) => Interlocked.Exchange(ref _written[index], 1) == 0;
}
