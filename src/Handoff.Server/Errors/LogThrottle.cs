using System.Collections.Concurrent;

namespace Handoff.Server.Errors;

/// <summary>
/// At most one log line per key (a method, a caller) per interval, with the number of events it stands for: a flood
/// of refused requests costs a line a minute, not a line (or a stack trace) each. The count of events after the last
/// line is reported by the next one. Keys nobody used for a while are forgotten once there are many.
/// </summary>
public sealed class LogThrottle
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    public LogThrottle(TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _interval = interval;
        _time = time;
    }

    public TimeSpan Interval => _interval;

    /// <summary>
    /// Counts one event for <paramref name="key"/>. True when a line may be written now; <paramref name="events"/> is
    /// then how many events it reports (this one and those not reported since the last line).
    /// </summary>
    public bool TryTake(string key, out long events)
    {
        var now = _time.GetTimestamp();
        if (_windows.Count > PruneAbove)
            Prune(now);
        var window = _windows.GetOrAdd(key, static _ => new Window());
        lock (window)
        {
            window.Unreported++;
            if (window.LastLine is { } last && _time.GetElapsedTime(last, now) < _interval)
            {
                events = 0;
                return false;
            }
            window.LastLine = now;
            events = window.Unreported;
            window.Unreported = 0;
            return true;
        }
    }

    private void Prune(long now)
    {
        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                if (window.Unreported == 0 && window.LastLine is { } last && _time.GetElapsedTime(last, now) >= _interval)
                    _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window
    {
        public long? LastLine { get; set; }

        public long Unreported { get; set; }
    }
}
