using System.Diagnostics;
using Handoff.Server.Sending;

namespace Handoff.Server.Tests;

/// <summary>
/// Group commit: items submitted while a commit is in flight go together in the next one, each caller gets its own
/// result, and a failing commit fails exactly the callers whose items it carried. Commits are held open with
/// completion sources, so nothing here depends on timing except the linger test, which waits for company on purpose.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly List<string[]> _batches = [];
    private readonly Queue<TaskCompletionSource> _gates = new();

    /// <summary>A commit that records its batch, waits for the test to let it go, and answers each item upper-cased.</summary>
    private GroupCommit<string, string> HeldCommits(TimeSpan linger = default) => new(async items =>
    {
        TaskCompletionSource gate;
        lock (_batches)
        {
            _batches.Add([.. items]);
            gate = _gates.Count > 0 ? _gates.Dequeue() : Completed();
        }

        await gate.Task;
        if (items.Contains("poison"))
            throw new InvalidOperationException("the grain refused the batch");
        return items.Select(i => i.ToUpperInvariant()).ToArray();
    }, linger);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private TaskCompletionSource HoldNextCommit()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_batches)
            _gates.Enqueue(gate);
        return gate;
    }

    private async Task UntilBatchesAsync(int count)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            lock (_batches)
            {
                if (_batches.Count >= count)
                    return;
            }

            if (started.Elapsed > Deadline)
                throw new TimeoutException($"fewer than {count} commits within {Deadline}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task SubmitAsync_NoLoad_CommittedAloneAtOnce()
    {
        var commits = HeldCommits();

        Assert.Equal("A", await commits.SubmitAsync("a", CancellationToken.None).WaitAsync(Deadline));

        Assert.Equal(["a"], Assert.Single(_batches));
    }

    [Fact]
    public async Task SubmitAsync_WhileACommitIsInFlight_NextItemsGoTogether_EachGetsItsOwnResult()
    {
        var commits = HeldCommits();
        var first = HoldNextCommit();
        var a = commits.SubmitAsync("a", CancellationToken.None);
        await UntilBatchesAsync(1);

        var rest = new[] { "b", "c", "d" }.Select(item => commits.SubmitAsync(item, CancellationToken.None)).ToArray();
        first.SetResult();

        Assert.Equal(["A", "B", "C", "D"], await Task.WhenAll([a, .. rest]).WaitAsync(Deadline));
        Assert.Equal(2, _batches.Count);
        Assert.Equal(["b", "c", "d"], _batches[1].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubmitAsync_FailingCommit_FailsExactlyItsBatch()
    {
        var commits = HeldCommits();
        var first = HoldNextCommit();
        var a = commits.SubmitAsync("a", CancellationToken.None);
        await UntilBatchesAsync(1);
        var poisoned = new[] { "b", "poison" }.Select(item => commits.SubmitAsync(item, CancellationToken.None)).ToArray();
        first.SetResult();

        Assert.Equal("A", await a.WaitAsync(Deadline));
        foreach (var failed in poisoned)
            await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(Deadline));
        Assert.Equal("C", await commits.SubmitAsync("c", CancellationToken.None).WaitAsync(Deadline));
        Assert.Equal(["c"], _batches[^1]);
    }

    [Fact]
    public async Task SubmitAsync_CancelledWhileWaiting_ThatCallerStops_ItsItemGoesWithTheNextBatch()
    {
        var commits = HeldCommits();
        var first = HoldNextCommit();
        var a = commits.SubmitAsync("a", CancellationToken.None);
        await UntilBatchesAsync(1);
        using var cancel = new CancellationTokenSource();
        var b = commits.SubmitAsync("b", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WaitAsync(Deadline));
        first.SetResult();
        Assert.Equal("A", await a.WaitAsync(Deadline));
        Assert.Equal("C", await commits.SubmitAsync("c", CancellationToken.None).WaitAsync(Deadline));
        Assert.Equal(["b", "c"], _batches[^1]);
    }

    [Fact]
    public async Task SubmitAsync_AlreadyCancelled_Throws()
    {
        var commits = HeldCommits();
        var first = HoldNextCommit();
        var a = commits.SubmitAsync("a", CancellationToken.None);
        await UntilBatchesAsync(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commits.SubmitAsync("b", new CancellationToken(canceled: true)).WaitAsync(Deadline));

        first.SetResult();
        await a.WaitAsync(Deadline);
    }

    [Fact]
    public async Task SubmitAsync_Linger_ItemsArrivingMeanwhileShareTheCommit()
    {
        var commits = HeldCommits(linger: TimeSpan.FromSeconds(1));

        var results = await Task.WhenAll(new[] { "a", "b", "c" }.Select(item => commits.SubmitAsync(item, CancellationToken.None))).WaitAsync(Deadline);

        Assert.Equal(["A", "B", "C"], results);
        Assert.Equal(["a", "b", "c"], Assert.Single(_batches).Order(StringComparer.Ordinal));
    }
}
