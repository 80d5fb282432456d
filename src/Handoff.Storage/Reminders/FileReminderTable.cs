using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Handoff.Storage.Reminders;

/// <summary>
/// Orleans reminder table kept in memory and persisted as one file, <c>&lt;root&gt;/reminders.dat</c>, so that
/// reminders (a transfer's 30-day retention) outlive a restart of the single-node embedded default. Every change
/// rewrites the file atomically (temp file + rename) under one lock before it is acknowledged; a change whose write
/// fails is rolled back in memory. Rewriting the whole file suits thousands of reminders, not millions: a larger
/// deployment uses a real table (the Azure profile).
/// </summary>
public sealed partial class FileReminderTable : IReminderTable
{
    private const string FileName = "reminders.dat";

    private readonly string _directory;
    private readonly string _path;
    private readonly bool _flushToDisk;
    private readonly ILogger<FileReminderTable> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<GrainId, Dictionary<string, ReminderEntry>> _rows = [];
    private bool _loaded;

    public FileReminderTable(IOptions<FileReminderTableOptions> options, ILogger<FileReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.RootDirectory);
        _directory = Path.GetFullPath(options.Value.RootDirectory);
        _path = Path.Combine(_directory, FileName);
        _flushToDisk = options.Value.FlushToDisk;
        _logger = logger;
    }

    public Task Init() => StartAsync(CancellationToken.None);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first lock loads the file: taking it here makes a damaged table fail the silo's start, not a later tick.
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = new List<ReminderEntry>();
            if (_rows.TryGetValue(grainId, out var reminders))
            {
                foreach (var entry in reminders.Values)
                {
                    result.Add(Copy(entry));
                }
            }

            return new ReminderTableData(result);
        }
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = new List<ReminderEntry>();
            foreach (var (grainId, reminders) in _rows)
            {
                if (InRange(grainId.GetUniformHashCode(), begin, end))
                {
                    foreach (var entry in reminders.Values)
                    {
                        result.Add(Copy(entry));
                    }
                }
            }

            return new ReminderTableData(result);
        }
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <summary>The entry, or null when there is none (what Orleans' own tables return).</summary>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            return _rows.TryGetValue(grainId, out var reminders) && reminders.TryGetValue(reminderName, out var entry)
                ? Copy(entry)
                : null;
        }
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <summary>Inserts or replaces unconditionally (Orleans' contract) and returns the entry's new ETag.</summary>
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stored = Copy(entry);
        stored.ETag = Guid.NewGuid().ToString("N");
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_rows.TryGetValue(entry.GrainId, out var reminders))
            {
                reminders = new Dictionary<string, ReminderEntry>(StringComparer.Ordinal);
                _rows.Add(entry.GrainId, reminders);
            }

            reminders.TryGetValue(entry.ReminderName, out var previous);
            reminders[entry.ReminderName] = stored;
            await PersistOrRollBackAsync(entry.GrainId, entry.ReminderName, previous, cancellationToken).ConfigureAwait(false);
            return stored.ETag;
        }
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>True when the entry existed with this ETag and is now gone; false otherwise (nothing changes).</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_rows.TryGetValue(grainId, out var reminders)
                || !reminders.TryGetValue(reminderName, out var previous)
                || !string.Equals(previous.ETag, eTag, StringComparison.Ordinal))
            {
                return false;
            }

            reminders.Remove(reminderName);
            await PersistOrRollBackAsync(grainId, reminderName, previous, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            _rows.Clear();
            await PersistAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
