using Handoff.Storage.Files;
using Microsoft.Win32.SafeHandles;

namespace Handoff.Storage.Grains;

/// <summary>
/// One grain state kept in two slot files, <c>&lt;name&gt;.state</c> and <c>&lt;name&gt;.state.b</c>, written in turn
/// and in place: a write overwrites the older slot, so the newest whole version is always in the other one, and a
/// write cut short leaves a torn slot that <see cref="GrainStateFile"/>'s checksum exposes and reads pass over.
/// </summary>
/// <remarks>
/// Why not a temp file renamed over the state, as before: a grain that writes its state for every batch (audit logs,
/// studies, transfers) then created and freed an inode per write, thousands a minute, and on this ext4 every create
/// scans past the inodes freed in the last minutes: file creation took a quarter of the server's CPU in the gateway
/// benchmark. Overwriting keeps the two inodes. Only the very first write of a state still goes through a renamed
/// temp file, so a state that exists is never a lone torn slot. Callers hold the state's lock around every use.
/// </remarks>
internal sealed class GrainStateSlots : IDisposable
{
    public const string SecondSlotSuffix = ".b";

    private readonly string[] _paths;
    private readonly SafeFileHandle?[] _handles = new SafeFileHandle?[2];
    private FileStream? _created;
    private int _currentSlot = -1;

    private GrainStateSlots(string path)
    {
        _paths = PathsOf(path);
    }

    /// <summary>The newest slot's header as a write sees it (whole or not is for reads to judge), or null for no state.</summary>
    public GrainStateHeader? Current { get; private set; }

    /// <summary>Opens the state's slots for a write or a clear and finds the current one from their headers alone.</summary>
    public static async Task<GrainStateSlots> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var slots = new GrainStateSlots(path);
        try
        {
            var header = new byte[GrainStateFile.HeaderLength];
            string? unreadable = null;
            for (var slot = 0; slot < 2; slot++)
            {
                if (TryOpen(slots._paths[slot]) is not { } handle)
                    continue;
                slots._handles[slot] = handle;
                var length = RandomAccess.GetLength(handle);
                var read = await RandomAccess.ReadAsync(handle, header, 0, cancellationToken).ConfigureAwait(false);
                if (GrainStateFile.TryReadHeader(header.AsSpan(0, read), length) is not { } found)
                {
                    if (length > 0)
                        unreadable ??= slots._paths[slot];
                    continue;
                }
                if (slots.Current is null || found.Sequence > slots.Current.Value.Sequence)
                {
                    slots.Current = found;
                    slots._currentSlot = slot;
                }
            }
            // A state whose every slot is unreadable is damaged, not absent: a write or clear must not replace it unseen.
            if (slots.Current is null && unreadable is not null)
                throw new InvalidDataException($"{unreadable} is damaged: it is not a grain state file");
            return slots;
        }
        catch
        {
            slots.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The newest whole slot's header and bytes, or null when there is no state. A torn slot beside a whole one is
    /// deleted (it is what a write cut short left); with no whole slot at all the state is damaged and this throws.
    /// </summary>
    public static async Task<(GrainStateHeader Header, byte[] File)?> ReadNewestAsync(string path, CancellationToken cancellationToken)
    {
        (GrainStateHeader Header, byte[] File)? newest = null;
        var torn = new List<string>(1);
        foreach (var slotPath in PathsOf(path))
        {
            var file = await AtomicFile.TryReadAllAsync(slotPath, cancellationToken).ConfigureAwait(false);
            if (file is null)
                continue;
            if (GrainStateFile.TryReadWhole(file) is not { } header)
                torn.Add(slotPath);
            else if (newest is null || header.Sequence > newest.Value.Header.Sequence)
                newest = (header, file);
        }

        if (torn.Count > 0)
        {
            if (newest is null)
                throw new InvalidDataException($"{torn[0]} is damaged: no slot of this grain state is whole (wrong header, length or checksum)");
            foreach (var slotPath in torn)
                File.Delete(slotPath);
        }
        return newest;
    }

    /// <summary>Writes the next version into the slot that is not current; returns nothing until the bytes are written (and, with <paramref name="flushToDisk"/>, on disk).</summary>
    public async Task WriteNextAsync(Guid etag, ReadOnlyMemory<byte> payload, bool flushToDisk, CancellationToken cancellationToken)
    {
        var sequence = (Current?.Sequence ?? 0) + 1;
        var header = GrainStateFile.CreateHeader(etag, sequence, payload.Span);
        if (Current is null)
        {
            // The first version (or one over empty slot files a crash left before their first byte): whole or absent, never torn.
            await AtomicFile.ReplaceAsync(_paths[0], header, payload, flushToDisk, cancellationToken).ConfigureAwait(false);
            if (_handles[1] is not null)
                File.Delete(_paths[1]);
            return;
        }

        var target = 1 - _currentSlot;
        var handle = _handles[target] ??= (_created = OwnerOnly.OpenOrCreate(_paths[target], FileOptions.Asynchronous)).SafeFileHandle;
        await RandomAccess.WriteAsync(handle, [header, payload], 0, cancellationToken).ConfigureAwait(false);
        long length = header.Length + payload.Length;
        if (RandomAccess.GetLength(handle) > length)
            RandomAccess.SetLength(handle, length);
        if (flushToDisk)
            RandomAccess.FlushToDisk(handle);
    }

    /// <summary>Deletes both slots.</summary>
    public void Delete()
    {
        foreach (var path in _paths)
            File.Delete(path);
    }

    public void Dispose()
    {
        foreach (var handle in _handles)
            handle?.Dispose();
        _created?.Dispose();
    }

    private static string[] PathsOf(string path) => [path, path + SecondSlotSuffix];

    private static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
