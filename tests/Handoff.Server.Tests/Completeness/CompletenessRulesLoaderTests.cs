using Handoff.Grains.Completeness;
using Handoff.Server.Completeness;
using Microsoft.Extensions.Configuration;

namespace Handoff.Server.Tests.Completeness;

/// <summary>The three ways to give rules (file, inline sections, inline JSON string), and giving two at once.</summary>
public sealed class CompletenessRulesLoaderTests
{
    [Fact]
    public void Load_InlineSections_ReadAsTheSameDocument()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Handoff:Completeness:Rules:st-marys:0:name"] = "Stroke CT head needs thin slices",
            ["Handoff:Completeness:Rules:st-marys:0:when:modality"] = "CT",
            ["Handoff:Completeness:Rules:st-marys:0:require:series:sliceThicknessAtMost"] = "1.25",
            ["Handoff:Completeness:Rules:st-marys:1:name"] = "needs a CTA series",
            ["Handoff:Completeness:Rules:st-marys:1:require:series:descriptionContains"] = "CTA",
        });

        var rules = CompletenessRulesLoader.Load(configuration).For("st-marys");

        Assert.Equal(["Stroke CT head needs thin slices", "needs a CTA series"], rules.Select(r => r.Name));
        Assert.Equal(1.25, rules[0].Require.SliceThicknessAtMost);
    }

    [Fact]
    public void Load_InlineSectionWithAMisspeltField_RefusedNamingIt()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Handoff:Completeness:Rules:st-marys:0:name"] = "thin",
            ["Handoff:Completeness:Rules:st-marys:0:require:series:sliceThickness"] = "1",
        });

        var refused = Assert.Throws<CompletenessRuleException>(() => CompletenessRulesLoader.Load(configuration));
        Assert.Contains("rule 1 \"thin\": field 'require.series.sliceThickness' is not a known field", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileAndInlineBoth_Refused()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["Handoff:Completeness:RulesPath"] = "/nonexistent/rules.json",
            ["Handoff:Completeness:Rules"] = "{}",
        });

        var refused = Assert.Throws<CompletenessRuleException>(() => CompletenessRulesLoader.Load(configuration));
        Assert.Contains("not both", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NothingConfigured_NoRules()
    {
        Assert.Equal(0, CompletenessRulesLoader.Load(Configuration([])).FacilityCount);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
