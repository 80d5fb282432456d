using System.Globalization;
using System.Text.Json;
using Handoff.Contracts.Errors;
using Handoff.Grains.Facilities;

namespace Handoff.Grains.Completeness;

/// <summary>
/// Reads completeness rules: an object whose keys are destination facility ids, each with an array of rules
/// <c>{"name", "when"?: {"modality", "studyDescriptionContains"}, "require": {"series": {"modality",
/// "descriptionContains", "sliceThicknessAtMost", "minInstances"}}}</c>. Every field is checked, unknown fields are
/// refused (a misspelt condition must not silently check nothing), and each error names the facility, the rule and
/// the field, so a server given a bad document refuses to start with a message an operator can act on.
/// </summary>
public static class CompletenessRuleParser
{
    public const int MaxFacilities = 1000;
    public const int MaxRulesPerFacility = 50;
    public const int MaxTextLength = 200;
    public const double MaxSliceThickness = 100;
    public const int MaxMinInstances = 100_000;

    /// <param name="document">The rules document.</param>
    /// <param name="numbersAsText">Accept numbers written as text (configuration keeps every value as a string).</param>
    public static CompletenessRuleBook Parse(JsonElement document, bool numbersAsText = false)
    {
        if (document.ValueKind != JsonValueKind.Object)
            throw new CompletenessRuleException("completeness rules: the document must be an object of destination facility ids, each with an array of rules");
        var byFacility = new Dictionary<string, IReadOnlyList<CompletenessRule>>(StringComparer.Ordinal);
        foreach (var facility in document.EnumerateObject())
        {
            if (byFacility.Count == MaxFacilities)
                throw new CompletenessRuleException($"completeness rules: more than {MaxFacilities} facilities");
            try
            {
                FacilityIds.Validate(facility.Name);
            }
            catch (DomainException invalid)
            {
                throw new CompletenessRuleException($"completeness rules: {invalid.Message}");
            }

            if (byFacility.ContainsKey(facility.Name))
                throw new CompletenessRuleException($"completeness rules: facility '{facility.Name}' is given twice");
            byFacility[facility.Name] = ParseFacility(facility.Name, facility.Value, numbersAsText);
        }

        return new CompletenessRuleBook(byFacility);
    }

    private static List<CompletenessRule> ParseFacility(string facilityId, JsonElement rules, bool numbersAsText)
    {
        if (rules.ValueKind != JsonValueKind.Array)
            throw new CompletenessRuleException($"completeness rules for '{facilityId}': must be an array of rules");
        var parsed = new List<CompletenessRule>();
        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            index++;
            if (index > MaxRulesPerFacility)
                throw new CompletenessRuleException($"completeness rules for '{facilityId}': more than {MaxRulesPerFacility} rules");
            var one = ParseRule(new RuleContext(facilityId, index, numbersAsText), rule);
            if (parsed.Exists(r => string.Equals(r.Name, one.Name, StringComparison.OrdinalIgnoreCase)))
                throw new CompletenessRuleException($"completeness rules for '{facilityId}': rule \"{one.Name}\" is given twice (names tell rules apart on the timeline)");
            parsed.Add(one);
        }

        return parsed;
    }

    private static CompletenessRule ParseRule(RuleContext context, JsonElement rule)
    {
        if (rule.ValueKind != JsonValueKind.Object)
            throw context.Error("", "must be an object");
        context.Fields(rule, "", "name", "when", "require");
        if (!rule.TryGetProperty("name", out var nameElement))
            throw context.Error("name", "is required");
        context.Name = context.Text(nameElement, "name");

        StudyCondition? when = null;
        if (rule.TryGetProperty("when", out var whenElement))
        {
            if (whenElement.ValueKind != JsonValueKind.Object)
                throw context.Error("when", "must be an object");
            context.Fields(whenElement, "when.", "modality", "studyDescriptionContains");
            when = new StudyCondition(context.OptionalText(whenElement, "when.", "modality"), context.OptionalText(whenElement, "when.", "studyDescriptionContains"));
            if (when is { Modality: null, StudyDescriptionContains: null })
                throw context.Error("when", "needs at least one of modality, studyDescriptionContains (leave it out to apply to every study)");
        }

        if (!rule.TryGetProperty("require", out var require) || require.ValueKind != JsonValueKind.Object)
            throw context.Error("require", "is required: an object with \"series\"");
        context.Fields(require, "require.", "series");
        if (!require.TryGetProperty("series", out var series) || series.ValueKind != JsonValueKind.Object)
            throw context.Error("require.series", "is required: an object of series conditions");
        context.Fields(series, "require.series.", "modality", "descriptionContains", "sliceThicknessAtMost", "minInstances");
        var condition = new SeriesCondition(
            context.OptionalText(series, "require.series.", "modality"),
            context.OptionalText(series, "require.series.", "descriptionContains"),
            context.OptionalNumber(series, "require.series.sliceThicknessAtMost", 0, MaxSliceThickness, whole: false),
            (int?)context.OptionalNumber(series, "require.series.minInstances", 1, MaxMinInstances, whole: true));
        if (condition is { Modality: null, DescriptionContains: null, SliceThicknessAtMost: null, MinInstances: null })
            throw context.Error("require.series", "needs at least one of modality, descriptionContains, sliceThicknessAtMost, minInstances");
        return new CompletenessRule(context.Name, when, condition);
    }

    /// <summary>Where the parser is, so that every error says it.</summary>
    private sealed class RuleContext(string facilityId, int index, bool numbersAsText)
    {
        public string? Name { get; set; }

        public CompletenessRuleException Error(string field, string problem)
        {
            var rule = Name is null ? $"rule {index}" : $"rule {index} \"{Name}\"";
            var where = field.Length == 0 ? "" : $" field '{field}'";
            return new CompletenessRuleException($"completeness rules for '{facilityId}', {rule}:{where} {problem}");
        }

        public void Fields(JsonElement element, string prefix, params string[] known)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                    throw Error(prefix + property.Name, $"is not a known field (known: {string.Join(", ", known)})");
            }
        }

        public string? OptionalText(JsonElement parent, string prefix, string name) =>
            parent.TryGetProperty(name, out var element) ? Text(element, prefix + name) : null;

        public string Text(JsonElement element, string field)
        {
            if (element.ValueKind != JsonValueKind.String)
                throw Error(field, "must be text");
            var text = element.GetString()!.Trim();
            if (text.Length == 0 || text.Length > MaxTextLength)
                throw Error(field, $"must be 1 to {MaxTextLength} characters");
            if (text.Any(char.IsControl))
                throw Error(field, "must not contain control characters");
            return text;
        }

        public double? OptionalNumber(JsonElement parent, string field, double above, double atMost, bool whole)
        {
            var name = field[(field.LastIndexOf('.') + 1)..];
            if (!parent.TryGetProperty(name, out var element))
                return null;
            double value;
            if (element.ValueKind == JsonValueKind.Number)
                value = element.GetDouble();
            else if (numbersAsText && element.ValueKind == JsonValueKind.String
                     && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                value = parsed;
            else
                throw Error(field, "must be a number");
            var wholeOk = !whole || Math.Floor(value) == value;
            var low = whole ? above : 0;
            var inRange = whole ? value >= low && value <= atMost : value > above && value <= atMost;
            if (!double.IsFinite(value) || !wholeOk || !inRange)
            {
                var range = whole ? $"a whole number from {above} to {atMost}" : $"a number above {above} and at most {atMost}";
                throw Error(field, FormattableString.Invariant($"must be {range}"));
            }

            return value;
        }
    }
}
