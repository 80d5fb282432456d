using Handoff.Contracts.Transfers;
using Handoff.Grains.Studies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Grains.Tests.Studies;

/// <summary>
/// Telling transfers of a study's progress: merged, in order, retried with back-off. Each test runs on one exclusive
/// scheduler, as a grain's code does, so the notifier's loop and the test's calls never overlap.
/// </summary>
public sealed class ProgressNotifierTests
{
    private static readonly TransferStudyRecord Totals = new("1.2.3", 4, 2, 4096, false);

    private readonly TaskScheduler _grainScheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly List<(Guid Transfer, StudyProgress Progress)> _sent = [];
    private readonly List<TimeSpan> _delays = [];
    private readonly HashSet<Guid> _unreachable = [];

    private ProgressNotifier Notifier() => new("st-a", "1.2.3", () => Totals, (transfer, progress) =>
    {
        if (_unreachable.Contains(transfer))
            return Task.FromException(new TimeoutException("silo gone"));
        _sent.Add((transfer, progress));
        return Task.CompletedTask;
    }, NullLogger.Instance, wait =>
    {
        _delays.Add(wait);
        return Task.CompletedTask;
    });

    private Task OnGrainScheduler(Func<Task> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, _grainScheduler).Unwrap().WaitAsync(Events.Deadline);

    [Fact]
    public Task Notify_TwiceInOneTurn_OneMergedReportPerTransfer() => OnGrainScheduler(async () =>
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var notifier = Notifier();

        notifier.Notify([first, second], ["1.1"]);
        notifier.Notify([first], ["1.2"]);
        await notifier.Idle;

        Assert.Equal(2, _sent.Count);
        Assert.Equal(["1.1", "1.2"], _sent.Single(s => s.Transfer == first).Progress.NewlyAvailableSopInstanceUids);
        Assert.Equal(["1.1"], _sent.Single(s => s.Transfer == second).Progress.NewlyAvailableSopInstanceUids);
        Assert.All(_sent, s => Assert.Equal(Totals, s.Progress.Totals));
        Assert.Empty(_delays);
    });

    [Fact]
    public Task Notify_NoTransfers_NothingSent() => OnGrainScheduler(async () =>
    {
        var notifier = Notifier();

        notifier.Notify([], ["1.1"]);
        await notifier.Idle;

        Assert.Empty(_sent);
    });

    [Fact]
    public Task Notify_TransferUnreachableThenBack_MissedInstancesFirstThenNewer_BackOffDoubles() => OnGrainScheduler(async () =>
    {
        var (flaky, fine) = (Guid.NewGuid(), Guid.NewGuid());
        _unreachable.Add(flaky);
        var failures = 0;
        var notifier = new ProgressNotifier("st-a", "1.2.3", () => Totals, (transfer, progress) =>
        {
            if (transfer == flaky && ++failures <= 3)
                return Task.FromException(new TimeoutException("silo gone"));
            _sent.Add((transfer, progress));
            return Task.CompletedTask;
        }, NullLogger.Instance, wait =>
        {
            _delays.Add(wait);
            return Task.CompletedTask;
        });

        notifier.Notify([flaky, fine], ["1.1"]);
        await Task.Yield();
        notifier.Notify([flaky], ["1.2"]);
        await notifier.Idle;

        Assert.Equal(["1.1"], _sent.Single(s => s.Transfer == fine).Progress.NewlyAvailableSopInstanceUids);
        Assert.Equal(["1.1", "1.2"], _sent.Where(s => s.Transfer == flaky).SelectMany(s => s.Progress.NewlyAvailableSopInstanceUids));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _delays);
    });

    [Fact]
    public Task Notify_TransferNeverReachable_GivesUpAfterMaxRetriesWithDelaysCapped() => OnGrainScheduler(async () =>
    {
        var gone = Guid.NewGuid();
        _unreachable.Add(gone);
        var notifier = Notifier();

        notifier.Notify([gone], ["1.1"]);
        await notifier.Idle;

        Assert.Equal(ProgressNotifier.MaxRetries, _delays.Count);
        Assert.Equal(ProgressNotifier.LongestRetryDelay, _delays.Max());
        Assert.Empty(_sent);
        Assert.Equal(0, notifier.Pending);
    });

    [Fact]
    public Task Clear_WhileWaitingToRetry_NothingMoreSent() => OnGrainScheduler(async () =>
    {
        var gone = Guid.NewGuid();
        _unreachable.Add(gone);
        var retry = new TaskCompletionSource();
        var notifier = new ProgressNotifier("st-a", "1.2.3", () => Totals, (_, _) => Task.FromException(new TimeoutException("silo gone")),
            NullLogger.Instance, _ => retry.Task);

        notifier.Notify([gone], ["1.1"]);
        while (notifier.Pending == 0)
            await Task.Yield();
        notifier.Clear();
        retry.SetResult();
        await notifier.Idle;

        Assert.Equal(0, notifier.Pending);
    });
}
