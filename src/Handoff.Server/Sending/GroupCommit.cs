namespace Handoff.Server.Sending;

/// <summary>
/// Group commit: callers submit one item each; whoever gets the gate commits everything queued so far in one call
/// and hands each caller its own result. While one commit is in flight the next batch builds up, so under load a
/// grain writes its state once per batch rather than once per item, and with no load an item goes alone, at once.
/// </summary>
public sealed class GroupCommit<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _commit;
    private readonly TimeSpan _linger;
    private readonly int _fullBatch;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Submission> _queue = [];

    /// <param name="commit">Commits a batch; returns one result per item, in the same order.</param>
    /// <param name="linger">
    /// How long a committer waits for more items before committing a batch smaller than <paramref name="fullBatch"/>.
    /// Zero commits at once. A commit that rewrites a large grain state costs milliseconds whatever the batch size,
    /// so waiting a little for company turns thousands of writes into dozens.
    /// </param>
    /// <param name="fullBatch">A batch this large is committed without lingering.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commit, TimeSpan linger = default, int fullBatch = int.MaxValue)
    {
        _commit = commit;
        _linger = linger;
        _fullBatch = fullBatch;
    }

    public async Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var submission = new Submission(item);
        lock (_queue)
            _queue.Add(submission);
        // A submission someone else's batch carried is done by the time this caller gets the gate.
        while (!submission.Result.Task.IsCompleted)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (!submission.Result.Task.IsCompleted)
                    await CommitQueuedAsync();
            }
            finally
            {
                _gate.Release();
            }
        }
        return await submission.Result.Task;
    }

    private async Task CommitQueuedAsync()
    {
        if (_linger > TimeSpan.Zero && QueuedCount() < _fullBatch)
            await Task.Delay(_linger);
        Submission[] batch;
        lock (_queue)
        {
            batch = [.. _queue];
            _queue.Clear();
        }
        if (batch.Length == 0)
            return;
        try
        {
            var items = new TItem[batch.Length];
            for (var i = 0; i < batch.Length; i++)
                items[i] = batch[i].Item;
            var results = await _commit(items);
            for (var i = 0; i < batch.Length; i++)
                batch[i].Result.TrySetResult(results[i]);
        }
        catch (Exception exception)
        {
            foreach (var submission in batch)
                submission.Result.TrySetException(exception);
        }
    }

    private int QueuedCount()
    {
        lock (_queue)
            return _queue.Count;
    }

    private sealed class Submission(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
