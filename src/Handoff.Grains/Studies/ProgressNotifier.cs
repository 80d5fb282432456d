using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Studies;

/// <summary>
/// Tells the transfers that carry a study about its progress, from a background loop rather than inside the call that
/// made the progress; progress that piles up while a send is under way goes out merged (one call per transfer with
/// every newly available instance and the latest totals), and a transfer that cannot be reached is retried with
/// back-off (<see cref="FirstRetryDelay"/> doubling to <see cref="LongestRetryDelay"/>, at most
/// <see cref="MaxRetries"/> rounds) with what it missed kept in front of anything newer.
/// </summary>
/// <remarks>
/// Why not await the transfers inside the grain call: a transfer being created calls its study
/// (<see cref="Contracts.Studies.IStudyGrain.AttachTransfer"/>) while it holds its own turn, so a study holding its
/// turn while it calls that transfer would deadlock both until the call timeout. The loop is started from a grain
/// call and so runs on the grain's scheduler, between its turns: no locking, and the study keeps accepting chunks
/// while a slow transfer catches up. Order per transfer is kept because the loop sends one batch at a time.
/// </remarks>
internal sealed partial class ProgressNotifier
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(10);
    public const int MaxRetries = 30;

    private readonly string _facilityId;
    private readonly string _studyInstanceUid;
    private readonly Func<TransferStudyRecord> _totals;
    private readonly Func<Guid, StudyProgress, Task> _send;
    private readonly Func<TimeSpan, Task> _delay;
    private readonly Func<long> _bytesStored;
    private readonly ILogger _logger;
    private readonly Dictionary<Guid, List<string>> _unsent = [];
    private bool _running;

    /// <param name="facilityId">For the log.</param>
    /// <param name="studyInstanceUid">The study every progress report names.</param>
    /// <param name="totals">The study's totals as they are when a batch goes out.</param>
    /// <param name="send">Tells one transfer; a failure (any exception) is retried.</param>
    /// <param name="logger">Where failed sends are reported.</param>
    /// <param name="delay">Waits between retry rounds; <see cref="Task.Delay(TimeSpan)"/> unless a test says otherwise.</param>
    /// <param name="bytesStored">The study's bytes in the chunk store when a batch goes out (the transfers measure the upload rate from it).</param>
    public ProgressNotifier(string facilityId, string studyInstanceUid, Func<TransferStudyRecord> totals,
        Func<Guid, StudyProgress, Task> send, ILogger logger, Func<TimeSpan, Task>? delay = null, Func<long>? bytesStored = null)
    {
        _bytesStored = bytesStored ?? (() => 0);
        _facilityId = facilityId;
        _studyInstanceUid = studyInstanceUid;
        _totals = totals;
        _send = send;
        _logger = logger;
        _delay = delay ?? (wait => Task.Delay(wait));
    }

    /// <summary>Completes when everything queued so far has gone out, or been given up.</summary>
    public Task Idle { get; private set; } = Task.CompletedTask;

    /// <summary>Transfers waiting for a report.</summary>
    public int Pending => _unsent.Count;

    /// <summary>Queues a report for each of <paramref name="transfers"/> (totals only when nothing became available) and makes sure the loop runs.</summary>
    public void Notify(IEnumerable<Guid> transfers, IReadOnlyList<string> newlyAvailable)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(newlyAvailable);
        foreach (var transferId in transfers)
            Queue(transferId).AddRange(newlyAvailable);
        if (_unsent.Count > 0 && !_running)
        {
            _running = true;
            Idle = SendUnsentAsync();
        }
    }

    /// <summary>Forgets everything not sent yet (the study was cleared: there is nothing left to tell).</summary>
    public void Clear() => _unsent.Clear();

    private async Task SendUnsentAsync()
    {
        try
        {
            // Let the current call finish first, so what it and the calls right behind it report goes out together.
            await Task.Yield();
            var retryDelay = FirstRetryDelay;
            var attempts = 0;
            while (_unsent.Count > 0)
            {
                var batch = _unsent.ToArray();
                _unsent.Clear();
                var totals = _totals();
                var stored = _bytesStored();
                var delivered = await Task.WhenAll(batch.Select(entry => SendAsync(entry.Key, new StudyProgress(_studyInstanceUid, entry.Value, totals) { BytesStored = stored })));
                if (Array.TrueForAll(delivered, d => d))
                {
                    retryDelay = FirstRetryDelay;
                    attempts = 0;
                    continue;
                }

                // A transfer on a silo that just died is unreachable until the cluster declares it dead; what it
                // missed goes out again (merged with anything newer) rather than being lost, since nothing else
                // would tell it the study completed.
                if (++attempts > MaxRetries)
                    break;
                for (var i = 0; i < batch.Length; i++)
                {
                    if (!delivered[i])
                        Queue(batch[i].Key).InsertRange(0, batch[i].Value);
                }

                await _delay(retryDelay);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
        finally
        {
            _running = false;
        }
    }

    private List<string> Queue(Guid transferId)
    {
        if (!_unsent.TryGetValue(transferId, out var instances))
            _unsent[transferId] = instances = [];
        return instances;
    }

    private async Task<bool> SendAsync(Guid transferId, StudyProgress progress)
    {
        try
        {
            await _send(transferId, progress);
            return true;
        }
        catch (Exception exception)
        {
            // One failing transfer must not hold up the upload or the other transfers: it is retried after a delay.
            LogNotifyFailed(_logger, exception, transferId, _facilityId, _studyInstanceUid);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: telling transfer {TransferId} of progress failed")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, Guid transferId, string facilityId, string studyInstanceUid);
}
