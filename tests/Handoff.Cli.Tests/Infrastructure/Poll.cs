using System.Diagnostics;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>Waits for something a test can observe (a file, a process's answer) by looking again until a deadline.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"{what}: not within {deadline}");
            await Task.Delay(Interval);
        }
    }

    /// <summary>Looks until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static async Task<T> ForAsync<T>(Func<T?> probe, TimeSpan deadline, string what)
        where T : class
    {
        T? found = null;
        await UntilAsync(() => (found = probe()) is not null, deadline, what);
        return found!;
    }
}
