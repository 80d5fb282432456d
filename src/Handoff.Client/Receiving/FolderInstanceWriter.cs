using Microsoft.Win32.SafeHandles;

namespace Handoff.Client;

/// <summary>
/// Writes one instance of a <see cref="FolderInstanceSink"/>: chunks go into "&lt;name&gt;.dcm.part" at their offsets
/// (several download streams may write one large instance at once), and the commit renames it to its final name. A
/// rerun keeps a final file whose chunks all verify, and each verified chunk of a .part file.
/// </summary>
internal sealed class FolderInstanceWriter : IInstanceWriter
{
    private readonly Lock _lock = new();
    private readonly InstanceHashes _expected;
    private SafeFileHandle? _handle;

    public FolderInstanceWriter(string instancePath, InstanceHashes expected)
    {
        InstancePath = instancePath;
        _expected = expected;
    }

    public string InstancePath { get; }

    public string PartialPath => ReceiveLayout.PartialPath(InstancePath);

    public HeldChunks FindHeld()
    {
        var final = ReceivedFileVerifier.VerifiedChunks(InstancePath, _expected);
        if (final.All)
            return HeldChunks.Whole;
        var partial = ReceivedFileVerifier.VerifiedChunks(PartialPath, _expected);
        if (partial.All && _expected.Count > 0)
        {
            // Every chunk arrived before the interruption, only the rename was missing.
            Publish();
            return HeldChunks.Whole;
        }
        return new HeldChunks(false, partial.Verified);
    }

    public void WriteChunk(int index, long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(OpenPartial(), data, offset);

    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        Publish();
        return ValueTask.CompletedTask;
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
            if (RandomAccess.GetLength(handle) != _expected.Length)
                RandomAccess.SetLength(handle, _expected.Length);
            _handle = handle;
            return handle;
        }
    }

    /// <summary>Renames the verified .part to the final name; the rename is the commit point.</summary>
    private void Publish()
    {
        lock (_lock)
        {
            if (_expected.Count == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(InstancePath)!);
                File.WriteAllBytes(PartialPath, []);
            }
            _handle?.Dispose();
            _handle = null;
            File.Move(PartialPath, InstancePath, overwrite: true);
        }
    }
}
