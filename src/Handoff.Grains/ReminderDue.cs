namespace Handoff.Grains;

/// <summary>The due time handed to the reminder service for something that should happen at a given moment.</summary>
internal static class ReminderDue
{
    /// <summary>
    /// The longest due time handed over: timers behind reminders cap out near 49.7 days, and retention may be
    /// configured longer. A reminder that fires before its moment is simply registered again.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(21);

    /// <summary>The time from <paramref name="now"/> until <paramref name="at"/>: zero when it has passed, at most <see cref="Max"/>.</summary>
    public static TimeSpan Until(DateTimeOffset at, DateTimeOffset now)
    {
        var due = at - now;
        return due < TimeSpan.Zero ? TimeSpan.Zero : due > Max ? Max : due;
    }
}
