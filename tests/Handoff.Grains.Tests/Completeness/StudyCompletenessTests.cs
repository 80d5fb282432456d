using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Completeness;

public sealed class StudyCompletenessTests
{
    private const string Series = "1.2.3.1";

    [Fact]
    public void Describe_GapsByDesignWithTheReportedCountArrived_IsWholeButGapsStayListed()
    {
        var numbers = Enumerable.Range(1, 60).Concat(Enumerable.Range(101, 60));
        var state = StudySeriesDigestTests.StudyWith(Series, numbers);
        state.ExpectedBySeries[Series] = 120;

        var series = StudySeriesDigest.Build(state);

        Assert.Null(StudyCompleteness.Describe(senderDone: true, expectedInstances: null, arrived: 120, series));
        Assert.Equal(40, Assert.Single(series).Gaps?.Missing);
    }

    [Fact]
    public void Describe_OneStrayHugeInstanceNumberWithTheReportedCountArrived_IsWhole()
    {
        var state = StudySeriesDigestTests.StudyWith(Series, Enumerable.Range(1, 9).Append(int.MaxValue));
        state.ExpectedBySeries[Series] = 10;

        Assert.Null(StudyCompleteness.Describe(true, null, 10, StudySeriesDigest.Build(state)));
    }

    [Fact]
    public void Describe_GapsWithoutACountOrShortOfIt_AreIncomplete()
    {
        var numbers = Enumerable.Range(1, 80).Where(n => n != 41).ToList();
        var noCount = StudySeriesDigestTests.StudyWith(Series, numbers);
        var shortOfCount = StudySeriesDigestTests.StudyWith(Series, numbers);
        shortOfCount.ExpectedBySeries[Series] = 80;

        Assert.Contains("41 missing", StudyCompleteness.Describe(true, null, 79, StudySeriesDigest.Build(noCount)), StringComparison.Ordinal);
        Assert.Contains("41 missing", StudyCompleteness.Describe(true, null, 79, StudySeriesDigest.Build(shortOfCount)), StringComparison.Ordinal);
    }
}
