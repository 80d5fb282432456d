using System.Diagnostics;

namespace Handoff.Grains;

/// <summary>
/// Wakes long-polling readers of an event log when something is appended. Lives inside one grain activation, so it
/// needs no locking: the grain's scheduler runs one piece of code at a time.
/// </summary>
internal sealed class EventSignal
{
    /// <summary>
    /// A long-poll waits at most this long per call, whatever the caller asks: Orleans fails a call that takes longer
    /// than its response timeout (30 s by default), and a caller that loops on an empty answer loses nothing.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private TaskCompletionSource _next = NewSource();

    public void Pulse()
    {
        var current = _next;
        _next = NewSource();
        current.TrySetResult();
    }

    /// <summary>
    /// Returns what <paramref name="read"/> finds as soon as it finds something, re-reading after every pulse, or an
    /// empty answer once <paramref name="timeout"/> has passed. The caller is an interleaving grain method: other
    /// calls change the log while this one waits, which is why it re-reads instead of trusting what it saw before.
    /// </summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>> read, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(read);
        var wait = timeout <= TimeSpan.Zero ? TimeSpan.Zero : timeout > MaxWait ? MaxWait : timeout;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            // Take the signal before reading, so an append between the read and the wait still wakes us.
            var pulse = _next.Task;
            var found = read();
            var remaining = wait - Stopwatch.GetElapsedTime(started);
            if (found.Count > 0 || remaining <= TimeSpan.Zero)
                return found;
            if (!await WaitAsync(pulse, remaining))
                return read();
        }
    }

    private static async Task<bool> WaitAsync(Task pulse, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource();
        var delay = Task.Delay(timeout, timer.Token);
        var first = await Task.WhenAny(pulse, delay);
        await timer.CancelAsync();
        return first == pulse;
    }

    // Continuations run asynchronously so a pulse inside a grain turn never runs a waiter's code inline.
    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
