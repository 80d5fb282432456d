using System.Globalization;

namespace Handoff.Cli.Progress;

/// <summary>The words of a progress report, the same in the live display and in plain lines.</summary>
internal static class ProgressText
{
    public static string Hashing(ProgressCounters counters) =>
        string.Create(CultureInfo.InvariantCulture, $"hashed {counters.InputsScanned}/{counters.InputsTotal} files");

    /// <summary>"812/2000 instances  402 MiB/1.00 GiB  310.2 MB/s  ETA 3 s".</summary>
    public static string Transfer(ProgressCounters counters, string verb)
    {
        var found = counters.InstancesFound;
        var done = Math.Min(counters.InstancesDone, found);
        var total = counters.TotalKnown ? found.ToString(CultureInfo.InvariantCulture) : found + "+";
        var eta = counters.Remaining is { } remaining && counters.BytesMoved > 0 ? "ETA " + Duration(remaining) : "ETA -";
        return string.Create(CultureInfo.InvariantCulture,
            $"{done}/{total} instances  {ByteSize.Format(counters.BytesMoved)}/{ByteSize.Format(counters.BytesToMove)} {verb}  {counters.Rate / 1e6:0.0} MB/s  {eta}");
    }

    public static string Duration(TimeSpan time) => time.TotalSeconds switch
    {
        < 1 => "<1 s",
        < 90 => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0} s"),
        < 5400 => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{time.TotalHours:0.0} h"),
    };

    /// <summary>Decimal megabytes per second over a whole run, for summaries.</summary>
    public static string Rate(long bytes, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(elapsed.TotalSeconds > 0 ? bytes / elapsed.TotalSeconds / 1e6 : 0):0.0} MB/s");
}
