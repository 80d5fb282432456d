using System.Globalization;
using System.Text.RegularExpressions;

namespace Handoff.Client;

/// <summary>
/// When the patient is expected at the destination, as people write it: a time from now ("45m", "2h", "90s") or an
/// ISO 8601 time with its offset ("2026-12-04T21:30:00Z"). One reading for the CLI's <c>--eta</c>, DICOMweb's
/// <c>?eta=</c> and the web page, so "45m" means the same everywhere.
/// </summary>
public static partial class ArrivalTime
{
    /// <summary>The furthest ahead an arrival may be: a transfer for a patient who comes next month is not a transfer yet.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(7);

    /// <summary>How far in the past an arrival may be (a clock a little behind, a patient who just arrived).</summary>
    public static readonly TimeSpan MaxBehind = TimeSpan.FromMinutes(5);

    /// <summary>The arrival time <paramref name="text"/> means at <paramref name="now"/>.</summary>
    /// <exception cref="FormatException">Not a duration or an ISO time with an offset, or out of range; the message says which.</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        DateTimeOffset arrival;
        var duration = Duration().Match(value);
        if (duration.Success)
        {
            var amount = double.Parse(duration.Groups["n"].Value, CultureInfo.InvariantCulture);
            var span = duration.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(Math.Min(amount, MaxAhead.TotalHours + 1)),
            };
            arrival = now + span;
        }
        else if (Iso().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            arrival = at.ToUniversalTime();
        }
        else
        {
            throw new FormatException($"'{value}' is not an arrival time: give a time from now (45m, 2h) or an ISO 8601 time with its offset (2026-12-04T21:30:00Z)");
        }
        if (arrival > now + MaxAhead)
            throw new FormatException($"'{value}' is more than {MaxAhead.TotalDays:0} days ahead");
        if (arrival < now - MaxBehind)
            throw new FormatException($"'{value}' is in the past");
        return arrival;
    }

    /// <summary>
    /// A time from now alone ("45m", "2h"): how long after its transfer starts a patient is expected, as a gateway route
    /// states it for every patient it carries (a helicopter link's usual flight time, say).
    /// </summary>
    /// <exception cref="FormatException">Not a duration, or longer than <see cref="MaxAhead"/>.</exception>
    public static TimeSpan ParseDelay(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (!Duration().IsMatch(value))
            throw new FormatException($"'{value}' is not a time from now (45m, 2h, 90s)");
        var epoch = DateTimeOffset.UnixEpoch;
        return Parse(value, epoch) - epoch;
    }

    [GeneratedRegex(@"^(?<n>[0-9]{1,6}(\.[0-9]{1,3})?)(?<unit>[smhSMH])$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    // A date, a time and an offset (Z or ±hh:mm): a time without one would be read in whatever zone the machine is in.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();
}
