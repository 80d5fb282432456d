namespace Handoff.Contracts.Transfers;

/// <summary>
/// The Instance Numbers (0020,0013) missing between the lowest and the highest that arrived in one series: at most
/// <see cref="MaxRangesListed"/> ranges are listed, <see cref="Missing"/> counts them all.
/// </summary>
/// <remarks>
/// Only gaps inside the arrived range are knowable from the numbers alone (a series may start at 0, 1 or 101); a
/// missing last instance shows as fewer arrived than expected instead. Compared by value: a transfer writes its state
/// only when a study's totals really changed.
/// </remarks>
[GenerateSerializer, Immutable, Alias("handoff.InstanceNumberGaps")]
public sealed record InstanceNumberGaps(
    [property: Id(0)] IReadOnlyList<InstanceNumberRange> Ranges,
    [property: Id(1)] long Missing)
{
    /// <summary>Beyond this many ranges the list stops (the count goes on): a series of every other number stays small.</summary>
    public const int MaxRangesListed = 20;

    public bool Equals(InstanceNumberGaps? other) =>
        other is not null && Missing == other.Missing && Ranges.SequenceEqual(other.Ranges);

    public override int GetHashCode() => HashCode.Combine(Missing, Ranges.Count);

    /// <summary>"41, 43–45" and "…" when more ranges were missing than listed.</summary>
    public override string ToString()
    {
        var listed = string.Join(", ", Ranges.Select(r => r.ToString()));
        return Ranges.Sum(r => r.Count) < Missing ? listed + ", …" : listed;
    }
}

/// <summary>Instance Numbers <see cref="First"/> to <see cref="Last"/>, both included.</summary>
[GenerateSerializer, Immutable, Alias("handoff.InstanceNumberRange")]
public sealed record InstanceNumberRange(
    [property: Id(0)] int First,
    [property: Id(1)] int Last)
{
    public long Count => (long)Last - First + 1;

    public override string ToString() => First == Last
        ? First.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{First}–{Last}");
}
