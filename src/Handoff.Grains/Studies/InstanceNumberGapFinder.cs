using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Studies;

/// <summary>Which Instance Numbers are missing between the lowest and the highest of a series' arrived instances.</summary>
internal static class InstanceNumberGapFinder
{
    /// <summary>
    /// The gaps in <paramref name="numbers"/> (positive Instance Numbers, any order, repeats allowed: a series may
    /// hold several instances per number), or null when there are none. Sorts the list in place.
    /// </summary>
    public static InstanceNumberGaps? Find(List<int> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        numbers.Sort();
        List<InstanceNumberRange>? ranges = null;
        var missing = 0L;
        for (var i = 1; i < numbers.Count; i++)
        {
            var (before, after) = (numbers[i - 1], numbers[i]);
            if ((long)after - before <= 1)
                continue;
            missing += (long)after - before - 1;
            ranges ??= [];
            if (ranges.Count < InstanceNumberGaps.MaxRangesListed)
                ranges.Add(new InstanceNumberRange(before + 1, after - 1));
        }

        return ranges is null ? null : new InstanceNumberGaps(ranges, missing);
    }
}
