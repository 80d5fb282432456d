using Handoff.Contracts.Transfers;
using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Completeness;

public sealed class InstanceNumberGapFinderTests
{
    [Fact]
    public void Find_OneMissingInTheMiddle_NamesIt()
    {
        var numbers = Enumerable.Range(1, 80).Where(n => n != 41).Reverse().ToList();

        var gaps = InstanceNumberGapFinder.Find(numbers);

        Assert.NotNull(gaps);
        Assert.Equal(1, gaps.Missing);
        Assert.Equal([new InstanceNumberRange(41, 41)], gaps.Ranges);
        Assert.Equal("41", gaps.ToString());
    }

    [Fact]
    public void Find_ContiguousWithRepeats_NoGaps()
    {
        Assert.Null(InstanceNumberGapFinder.Find([3, 1, 2, 2, 4]));
        Assert.Null(InstanceNumberGapFinder.Find([]));
        Assert.Null(InstanceNumberGapFinder.Find([7]));
    }

    [Fact]
    public void Find_ManyGaps_ListsTheFirstTwentyAndCountsThemAll()
    {
        var everyOther = Enumerable.Range(0, 100).Select(n => 1 + 2 * n).ToList();

        var gaps = InstanceNumberGapFinder.Find(everyOther)!;

        Assert.Equal(99, gaps.Missing);
        Assert.Equal(InstanceNumberGaps.MaxRangesListed, gaps.Ranges.Count);
        Assert.EndsWith(", …", gaps.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_HugeNumbers_CountsWithoutOverflow()
    {
        var gaps = InstanceNumberGapFinder.Find([1, int.MaxValue])!;

        Assert.Equal((long)int.MaxValue - 2, gaps.Missing);
        Assert.Equal("2–2147483646", gaps.ToString());
    }

    [Fact]
    public void Gaps_SameRangesTwice_AreEqual()
    {
        // A transfer skips writing its state when a study's totals did not change: equality must be by value.
        Assert.Equal(InstanceNumberGapFinder.Find([1, 3, 6]), InstanceNumberGapFinder.Find([6, 3, 1]));
    }
}
