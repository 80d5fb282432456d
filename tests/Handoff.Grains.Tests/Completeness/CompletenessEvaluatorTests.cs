using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Completeness;

namespace Handoff.Grains.Tests.Completeness;

public sealed class CompletenessEvaluatorTests
{
    private static readonly CompletenessRule ThinHead = new("thin head", new StudyCondition("CT", "head"), new SeriesCondition(null, null, 1.25, null));
    private static readonly CompletenessRule Cta = new("cta", null, new SeriesCondition(null, "CTA", null, null));

    [Fact]
    public void Evaluate_ThinSeriesPresent_RuleMet_CtaMissing_Named()
    {
        var study = Study("CT HEAD W/O", Series("CT", "AXIAL 5mm", 5.0), Series("CT", "AXIAL thin", 1.25));

        var findings = CompletenessEvaluator.Evaluate([ThinHead, Cta], [study]);

        var finding = Assert.Single(findings);
        Assert.Equal("cta", finding.Rule);
        Assert.Contains("Series Description containing 'CTA'", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RuleWhoseWhenMatchesNoStudy_DoesNotApply()
    {
        var chest = Study("CT CHEST", Series("CT", "AXIAL", 5.0));

        Assert.Empty(CompletenessEvaluator.Evaluate([ThinHead], [chest]));
    }

    [Fact]
    public void Evaluate_SeriesWithoutSliceThickness_DoesNotSatisfyAThicknessRule()
    {
        var head = Study("ct head", Series("CT", "SCOUT", null));

        Assert.Equal("thin head", Assert.Single(CompletenessEvaluator.Evaluate([ThinHead], [head])).Rule);
    }

    [Fact]
    public void Evaluate_StudyNotWhole_IsAFindingNamingTheStudy()
    {
        var study = Study("CT HEAD", Series("CT", "CTA", 0.6)) with { Incomplete = "series 1: instance numbers 41 missing (1)" };

        var finding = Assert.Single(CompletenessEvaluator.Evaluate([Cta], [study]));

        Assert.Equal("", finding.Rule);
        Assert.Equal("1.2.3", finding.StudyInstanceUid);
    }

    private static TransferStudyRecord Study(string description, params SeriesProgressRecord[] series) =>
        new("1.2.3", 10, 10, 1000, true)
        {
            Digest = new StudyDigest(new StudyMetadata("", "", "", "", "", "", description), series),
        };

    private static SeriesProgressRecord Series(string modality, string description, double? thickness) =>
        new($"1.2.3.{description.Length}", modality, description, 1, 5) { InstancesDeclared = 5, SliceThickness = thickness };
}
