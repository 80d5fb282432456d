using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Completeness;

public sealed class StudySeriesDigestTests
{
    private const string Arrived = "1.2.3.1";
    private const string LeftBehind = "1.2.3.2";

    [Fact]
    public void Build_SeriesOnlyThePacsReported_IsListedAndMakesTheStudyIncomplete()
    {
        var state = StudyWith(Arrived, Enumerable.Range(1, 10));
        state.ExpectedBySeries[Arrived] = 10;
        state.ExpectedBySeries[LeftBehind] = 40;

        var series = StudySeriesDigest.Build(state);
        var reason = StudyCompleteness.Describe(senderDone: true, expectedInstances: null, arrived: 10, series);

        var missing = Assert.Single(series, s => s.SeriesInstanceUid == LeftBehind);
        Assert.Equal(0, missing.InstancesAvailable);
        Assert.Equal(40, missing.InstancesExpected);
        Assert.NotNull(reason);
        Assert.Contains($"series {LeftBehind}: 0 of 40", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FiveMillimetreSeriesWithOneThinImage_ShowsTheThickestSoAThinSliceRuleIsNotMet()
    {
        var state = StudyWith(Arrived, Enumerable.Range(1, 40), sliceThickness: 5);
        state.Instances[7].SliceThickness = 0.625;

        Assert.Equal(5, Assert.Single(StudySeriesDigest.Build(state)).SliceThickness);
    }

    [Fact]
    public void Build_WithoutGaps_CountsButLeavesGapsForTheCompletedStudy()
    {
        var state = StudyWith(Arrived, Enumerable.Range(1, 50_000).Where(n => n % 1000 != 0));

        var receiving = Assert.Single(StudySeriesDigest.Build(state, withGaps: false));
        var completed = Assert.Single(StudySeriesDigest.Build(state, withGaps: true));

        Assert.Null(receiving.Gaps);
        Assert.Equal(49_950, receiving.InstancesAvailable);
        Assert.Equal(49, completed.Gaps?.Missing); // 50,000 itself is past the highest arrived: not a gap
    }

    internal static StudyGrainState StudyWith(string seriesUid, IEnumerable<int> numbers, double? sliceThickness = null)
    {
        var state = new StudyGrainState();
        state.Series.Add(new ManifestSeries(seriesUid, "CT", "Axial", 1));
        foreach (var number in numbers)
            state.Instances.Add(new StudyInstanceState
            {
                SopInstanceUid = $"{seriesUid}.{number}",
                SeriesInstanceUid = seriesUid,
                InstanceNumber = number,
                Verified = true,
                SliceThickness = sliceThickness,
            });
        return state;
    }
}
