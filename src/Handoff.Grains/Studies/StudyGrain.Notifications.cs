using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Microsoft.Extensions.Logging;

namespace Handoff.Grains.Studies;

/// <summary>
/// Telling the transfers that carry this study about its progress, from a background loop rather than inside the
/// call that made the progress.
/// </summary>
/// <remarks>
/// Why not await the transfers inside the grain call: a transfer being created calls this study
/// (<see cref="IStudyGrain.AttachTransfer"/>) while it holds its own turn, so a study holding its turn while it
/// calls that transfer would deadlock both until the call timeout. The loop runs between this grain's turns, so
/// the study keeps accepting chunks while a slow transfer catches up, and progress that piles up meanwhile goes out
/// merged: one call per transfer with every newly available instance and the latest totals. Order per transfer is
/// kept because the loop sends one batch at a time.
/// </remarks>
public sealed partial class StudyGrain
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(10);
    private const int MaxRetries = 30;

    private readonly Dictionary<Guid, List<string>> _unsent = [];
    private bool _notifying;
    private Task _notifier = Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            // A quiet deactivation (idle, shutdown) keeps the upload progress recorded since the last write.
            if (_storedMarksUnsaved && IsDeclared)
                await SaveAsync();
            await _notifier.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Deactivation cannot wait for ever; the next activation sends every transfer fresh totals.
        }
    }

    private void NotifyTransfers(IReadOnlyList<string> newlyAvailable)
    {
        foreach (var transferId in State.Transfers)
        {
            if (!_unsent.TryGetValue(transferId, out var instances))
                _unsent[transferId] = instances = [];
            instances.AddRange(newlyAvailable);
        }

        if (_unsent.Count > 0 && !_notifying)
        {
            _notifying = true;
            _notifier = SendUnsentAsync();
        }
    }

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
                var totals = Totals();
                var sends = new Task<bool>[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                    sends[i] = SendAsync(batch[i].Key, new StudyProgress(_studyUid, batch[i].Value, totals));
                var delivered = await Task.WhenAll(sends);
                if (delivered.All(d => d))
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
                    if (delivered[i])
                        continue;
                    if (!_unsent.TryGetValue(batch[i].Key, out var pending))
                        _unsent[batch[i].Key] = pending = [];
                    pending.InsertRange(0, batch[i].Value);
                }
                await Task.Delay(retryDelay);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
        finally
        {
            _notifying = false;
        }
    }

    private async Task<bool> SendAsync(Guid transferId, StudyProgress progress)
    {
        try
        {
            await GrainFactory.GetGrain<ITransferGrain>(transferId).OnStudyProgress(progress);
            return true;
        }
        catch (Exception exception)
        {
            // One failing transfer must not hold up the upload or the other transfers: it is retried after a delay.
            LogNotifyFailed(exception, transferId, _facilityId, _studyUid);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study {FacilityId}/{StudyInstanceUid}: telling transfer {TransferId} of progress failed")]
    private partial void LogNotifyFailed(Exception exception, Guid transferId, string facilityId, string studyInstanceUid);
}
