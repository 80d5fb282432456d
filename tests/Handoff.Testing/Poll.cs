using System.Diagnostics;
using Grpc.Core;

namespace Handoff.Testing;

/// <summary>
/// Waits for something a test can observe by looking again until a deadline (never by sleeping a guessed time).
/// Probes that ask a cluster may meet UNAVAILABLE while it re-forms after a failure; that counts as "not yet".
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await UntilAsync(() => Task.FromResult(condition()), deadline, what);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!await AskAsync(condition))
        {
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"{what}: not within {deadline}");
            await Task.Delay(Interval);
        }
    }

    /// <summary>Looks until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static Task<T> ForAsync<T>(Func<T?> probe, TimeSpan deadline, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        return ForAsync(() => Task.FromResult(probe()), deadline, what);
    }

    /// <summary>Looks until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? found = null;
        await UntilAsync(async () => (found = await probe()) is not null, deadline, what);
        return found!;
    }

    private static async Task<bool> AskAsync(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded || e.Status.DebugException is HttpRequestException)
        {
            return false;
        }
    }
}
