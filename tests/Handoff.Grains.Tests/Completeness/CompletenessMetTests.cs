using Handoff.Contracts.Transfers;
using Handoff.Grains.Completeness;

namespace Handoff.Grains.Tests.Completeness;

public sealed class CompletenessMetTests
{
    private static readonly CompletenessRule Cta = new("cta", null, new SeriesCondition(null, "CTA", null, null));

    [Fact]
    public void Detail_RuleStillConfigured_SaysItIsMet()
    {
        Assert.Equal("rule \"cta\" met", CompletenessMet.Detail(new CompletenessFinding("cta", "1.2.3", "no CTA"), [Cta]));
    }

    [Fact]
    public void Detail_RuleRemovedFromConfiguration_SaysNothing()
    {
        Assert.Null(CompletenessMet.Detail(new CompletenessFinding("thin head", "1.2.3", "no thin series"), [Cta]));
        Assert.Null(CompletenessMet.Detail(new CompletenessFinding("cta", "1.2.3", "no CTA"), []));
    }

    [Fact]
    public void Detail_StudyFindingGone_SaysTheStudyIsWhole()
    {
        Assert.Equal("the study is whole now", CompletenessMet.Detail(new CompletenessFinding("", "1.2.3", "gap"), []));
    }
}
