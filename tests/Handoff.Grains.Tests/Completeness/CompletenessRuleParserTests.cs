using System.Text.Json;
using Handoff.Grains.Completeness;

namespace Handoff.Grains.Tests.Completeness;

public sealed class CompletenessRuleParserTests
{
    [Fact]
    public void Parse_TheReadmeExample_ReadsBothRules()
    {
        var book = Parse("""
            { "st-marys": [
                { "name": "Stroke CT head needs thin slices", "when": { "modality": "CT", "studyDescriptionContains": "head" },
                  "require": { "series": { "sliceThicknessAtMost": 1.25 } } },
                { "name": "needs a CTA series", "require": { "series": { "descriptionContains": "CTA" } } } ] }
            """);

        var rules = book.For("st-marys");
        Assert.Equal(2, rules.Count);
        Assert.Equal(new StudyCondition("CT", "head"), rules[0].When);
        Assert.Equal(1.25, rules[0].Require.SliceThicknessAtMost);
        Assert.Null(rules[1].When);
        Assert.Empty(book.For("elsewhere"));
    }

    [Theory]
    [InlineData("""[]""", "must be an object of destination facility ids")]
    [InlineData("""{ "St Marys": [] }""", "facilityId 'St Marys' is not valid")]
    [InlineData("""{ "st-x": {} }""", "'st-x': must be an array of rules")]
    [InlineData("""{ "st-x": [ { "require": { "series": { "modality": "CT" } } } ] }""", "rule 1: field 'name' is required")]
    [InlineData("""{ "st-x": [ { "name": "", "require": { "series": { "modality": "CT" } } } ] }""", "rule 1: field 'name' must be 1 to 200 characters")]
    [InlineData("""{ "st-x": [ { "name": "a", "require": { "series": { "modality": "CT" } } }, { "name": "A", "require": { "series": { "modality": "MR" } } } ] }""", "rule \"A\" is given twice")]
    [InlineData("""{ "st-x": [ { "name": "thin", "require": { "series": { "sliceThicknesAtMost": 1 } } } ] }""", "rule 1 \"thin\": field 'require.series.sliceThicknesAtMost' is not a known field")]
    [InlineData("""{ "st-x": [ { "name": "thin", "require": { "series": { "sliceThicknessAtMost": 0 } } } ] }""", "field 'require.series.sliceThicknessAtMost' must be a number above 0 and at most 100")]
    [InlineData("""{ "st-x": [ { "name": "thin", "require": { "series": { "sliceThicknessAtMost": "1.0" } } } ] }""", "field 'require.series.sliceThicknessAtMost' must be a number")]
    [InlineData("""{ "st-x": [ { "name": "many", "require": { "series": { "minInstances": 2.5 } } } ] }""", "field 'require.series.minInstances' must be a whole number from 1 to 100000")]
    [InlineData("""{ "st-x": [ { "name": "many", "require": { "series": { "minInstances": 1e12 } } } ] }""", "field 'require.series.minInstances' must be a whole number")]
    [InlineData("""{ "st-x": [ { "name": "empty", "require": { "series": {} } } ] }""", "field 'require.series' needs at least one of")]
    [InlineData("""{ "st-x": [ { "name": "none" } ] }""", "field 'require' is required")]
    [InlineData("""{ "st-x": [ { "name": "w", "when": {}, "require": { "series": { "modality": "CT" } } } ] }""", "field 'when' needs at least one of")]
    [InlineData("""{ "st-x": [ { "name": "w", "when": { "bodyPart": "HEAD" }, "require": { "series": { "modality": "CT" } } } ] }""", "field 'when.bodyPart' is not a known field")]
    [InlineData("""{ "st-x": [ { "name": "ctl\u0007", "require": { "series": { "modality": "CT" } } } ] }""", "field 'name' must not contain control characters")]
    [InlineData("""{ "st-x": [ 42 ] }""", "rule 1: must be an object")]
    public void Parse_HostileDocument_RefusedNamingRuleAndField(string json, string message)
    {
        var refused = Assert.Throws<CompletenessRuleException>(() => Parse(json));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyRules_Refused()
    {
        var rules = string.Join(",", Enumerable.Range(0, CompletenessRuleParser.MaxRulesPerFacility + 1)
            .Select(i => $$"""{ "name": "r{{i}}", "require": { "series": { "modality": "CT" } } }"""));
        var refused = Assert.Throws<CompletenessRuleException>(() => Parse($$"""{ "st-x": [ {{rules}} ] }"""));
        Assert.Contains($"more than {CompletenessRuleParser.MaxRulesPerFacility} rules", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NumbersAsTextFromConfiguration_Accepted()
    {
        using var document = JsonDocument.Parse("""{ "st-x": [ { "name": "thin", "require": { "series": { "sliceThicknessAtMost": "1.25" } } } ] }""");
        var book = CompletenessRuleParser.Parse(document.RootElement, numbersAsText: true);
        Assert.Equal(1.25, book.For("st-x")[0].Require.SliceThicknessAtMost);
    }

    private static CompletenessRuleBook Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CompletenessRuleParser.Parse(document.RootElement);
    }
}
