using System.Globalization;

namespace Handoff.AuditTiming;

/// <summary>Latencies of one kind of call, in milliseconds, and the order statistics the README quotes.</summary>
internal sealed class Latencies(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;

    public IReadOnlyList<double> Values => _milliseconds;

    public void Add(double milliseconds) => _milliseconds.Add(milliseconds);

    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-22} n={_milliseconds.Count,5}  median {Quantile(_milliseconds, 0.5),7:F3} ms  p25 {Quantile(_milliseconds, 0.25),7:F3}  p75 {Quantile(_milliseconds, 0.75),7:F3}  p90 {Quantile(_milliseconds, 0.9),7:F3}");

    /// <summary>The median of the per-round differences this − other (calls made in the same round, in random order).</summary>
    public double PairedMedianMinus(Latencies other) =>
        Quantile(_milliseconds.Zip(other._milliseconds, (a, b) => a - b), 0.5);
}
