using System.Globalization;
using System.Text.RegularExpressions;

namespace Handoff.Testing;

/// <summary>Reads samples out of Prometheus text exposition (what a server's or gateway's /metrics answers).</summary>
public static partial class PrometheusText
{
    /// <summary>
    /// The value of the first sample named <paramref name="name"/> whose labels contain every one of
    /// <paramref name="labels"/> (each as <c>key="value"</c>); null when there is none.
    /// </summary>
    public static long? Value(string metrics, string name, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (Match sample in Sample().Matches(metrics))
        {
            if (sample.Groups["name"].Value == name && labels.All(label => sample.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
                return (long)double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>A <c>key="value"</c> label, as <see cref="Value"/> matches it.</summary>
    public static string Label(string key, string value) => $"{key}=\"{value}\"";

    [GeneratedRegex("^(?<name>[a-z_]+)(\\{(?<labels>[^}]*)\\})? (?<value>[0-9.e+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
