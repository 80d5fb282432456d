using Handoff.Storage.Files;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Handoff.Storage.Reminders;

/// <summary>Loading and persisting of <see cref="FileReminderTable"/>, and the entry helpers its queries share.</summary>
public sealed partial class FileReminderTable
{
    /// <summary>Takes the table lock, loading the file on first use (whichever call comes first, Init or a read).</summary>
    private async Task<SemaphoreReleaser> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_loaded)
            {
                await LoadAsync(cancellationToken).ConfigureAwait(false);
                _loaded = true;
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }

        return new SemaphoreReleaser(_gate);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        OwnerOnly.EnsureDirectory(_directory);
        var removed = AtomicFile.DeleteStaleTempFiles(_directory, FileName + ".*" + AtomicFile.TempSuffix, recursive: false);
        var file = await AtomicFile.TryReadAllAsync(_path, cancellationToken).ConfigureAwait(false);
        var count = 0;
        if (file is not null)
        {
            foreach (var entry in ReminderFile.Read(file, _path))
            {
                if (!_rows.TryGetValue(entry.GrainId, out var reminders))
                {
                    reminders = new Dictionary<string, ReminderEntry>(StringComparer.Ordinal);
                    _rows.Add(entry.GrainId, reminders);
                }

                reminders[entry.ReminderName] = entry;
                count++;
            }
        }

        LogLoaded(_logger, count, _path, removed);
    }

    private async Task PersistOrRollBackAsync(GrainId grainId, string reminderName, ReminderEntry? previous, CancellationToken cancellationToken)
    {
        try
        {
            await PersistAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            var reminders = _rows[grainId];
            if (previous is null)
            {
                reminders.Remove(reminderName);
            }
            else
            {
                reminders[reminderName] = previous;
            }

            throw;
        }

        if (_rows.TryGetValue(grainId, out var remaining) && remaining.Count == 0)
        {
            _rows.Remove(grainId);
        }
    }

    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        foreach (var reminders in _rows.Values)
        {
            entries.AddRange(reminders.Values);
        }

        using var content = ReminderFile.Write(entries);
        var bytes = content.GetBuffer().AsMemory(0, (int)content.Length);
        await AtomicFile.ReplaceAsync(_path, bytes, ReadOnlyMemory<byte>.Empty, _flushToDisk, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder table loaded {Count} reminders from {Path}; removed {TempFiles} temp files left by interrupted writes")]
    private static partial void LogLoaded(ILogger logger, int count, string path, int tempFiles);

    /// <summary>A copy, so callers mutating what they read or wrote cannot change the table behind its lock.</summary>
    private static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };

    /// <summary>
    /// Orleans' ring range (begin, end]: when begin &lt; end the hashes strictly above begin up to end; otherwise the range
    /// wraps past uint.MaxValue, so the hashes above begin or at most end (begin == end is the whole ring).
    /// </summary>
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
