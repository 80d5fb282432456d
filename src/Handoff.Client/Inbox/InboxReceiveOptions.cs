using Handoff.Protos.V1;

namespace Handoff.Client;

/// <summary>How <see cref="HandoffClient.ReceiveInboxAsync"/> runs.</summary>
public sealed record InboxReceiveOptions
{
    /// <summary>
    /// Routine and urgent transfers received at once (1 to 16). A STAT transfer never waits for one of these: it
    /// starts as soon as it is seen, however many others are running.
    /// </summary>
    public int ConcurrentTransfers { get; init; } = 2;

    /// <summary>How each transfer is received (streams, acknowledgement). Its Progress is not used.</summary>
    public ReceiveOptions Receive { get; init; } = new();

    /// <summary>
    /// Runs after each transfer is received, before it counts as done: a gateway stores it into a PACS and then
    /// acknowledges (with <see cref="ReceiveOptions.Acknowledge"/> false). An exception is a failure of the transfer,
    /// retried with back-off like a failed receive (the sink still holds what was received). When set, delivered but
    /// unacknowledged transfers are received (and finished) again, so a restart finishes what an earlier run began.
    /// </summary>
    public Func<Transfer, ReceiveResult, CancellationToken, Task>? AfterReceive { get; init; }

    /// <summary>
    /// The first wait before a transfer whose receive failed for a reason that may pass (a server gone, a disk full)
    /// is tried again; it doubles up to <see cref="LongestRetryDelay"/>. Also the first wait before listing the inbox
    /// again after every server was unreachable.
    /// </summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan LongestRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Told of each step (a transfer started, received, failed, waiting for the server); called from the receiving
    /// tasks, possibly at once from several: it must be thread-safe and quick. Null for nothing.
    /// </summary>
    public Action<InboxReceiveEvent>? Report { get; init; }
}
