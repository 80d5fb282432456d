using Microsoft.Win32.SafeHandles;

namespace Handoff.Storage.Files;

/// <summary>
/// Whole-file replacement that survives SIGKILL: the new content goes to a unique temp file in the target's own
/// directory (so the rename never crosses file systems) and is renamed over the target. A reader, or the process
/// after a restart, sees the old file or the new one, never a torn mix. The temp file is created 0600
/// (<see cref="OwnerOnly"/>), and the rename keeps that mode.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Suffix of every temp file this project writes; readers look up exact names and never see one.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>
    /// Temp files older than this were left by a process that died mid-write. The age test (rather than "all temp
    /// files at startup") keeps a second store instance on the same folder, such as a test or an operator tool counting
    /// chunks next to a running server, from deleting a write that is still in flight.
    /// </summary>
    public static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(5);

    /// <summary>A name no other writer uses: target name, 64 random bits, <see cref="TempSuffix"/>.</summary>
    public static string TempPathFor(string path) =>
        string.Concat(path, ".", Random.Shared.NextInt64().ToString("x16", null), TempSuffix);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="header"/> followed by <paramref name="body"/>.</summary>
    /// <param name="flushToDisk">
    /// fsync the temp file before the rename. Without it a SIGKILL still cannot lose the write (the data is in the
    /// kernel's page cache once write returns); only a power loss or kernel crash can.
    /// </param>
    public static async Task ReplaceAsync(
        string path, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> body, bool flushToDisk, CancellationToken cancellationToken)
    {
        var temp = TempPathFor(path);
        try
        {
            using (var file = OwnerOnly.CreateNew(temp, FileOptions.Asynchronous))
            {
                var handle = file.SafeFileHandle;
                await RandomAccess.WriteAsync(handle, header, 0, cancellationToken).ConfigureAwait(false);
                await RandomAccess.WriteAsync(handle, body, header.Length, cancellationToken).ConfigureAwait(false);
                if (flushToDisk)
                {
                    RandomAccess.FlushToDisk(handle);
                }
            }

            // Past this point the write is committed; cancelling would only leave a decision half made.
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Reads a whole small file, or null when it does not exist.</summary>
    public static async Task<byte[]?> TryReadAllAsync(string path, CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            var buffer = new byte[checked((int)RandomAccess.GetLength(handle))];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled), filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new InvalidDataException($"{path} shrank while it was read");
                }

                filled += read;
            }

            return buffer;
        }
    }

    /// <summary>Deletes temp files older than <see cref="StaleTempAge"/> under <paramref name="directory"/>; returns how many.</summary>
    public static int DeleteStaleTempFiles(string directory, string searchPattern, bool recursive)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var cutoff = DateTime.UtcNow - StaleTempAge;
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, searchPattern, options))
        {
            if (file.EndsWith(TempSuffix, StringComparison.Ordinal) && File.GetLastWriteTimeUtc(file) < cutoff && TryDelete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is invisible to readers and removed at a later start.
            return false;
        }
    }
}
