using System.Diagnostics;

namespace Handoff.Grains.Tests;

/// <summary>For outcomes a reminder brings about, where there is no event to await: asks again until a deadline.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > Events.Deadline)
                throw new TimeoutException($"not within {Events.Deadline}: {what}");
            await Task.Delay(Interval);
        }
    }
}
