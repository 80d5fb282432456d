using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Completeness;

/// <summary>
/// What a transfer's studies miss: each study its sender called done that is not whole (see
/// Studies.StudyCompleteness), then each destination rule that applies (a carried study matches its "when") and that
/// no series of a matching study satisfies. Text comparisons ignore case.
/// </summary>
public static class CompletenessEvaluator
{
    public static List<CompletenessFinding> Evaluate(IReadOnlyList<CompletenessRule> rules, IReadOnlyList<TransferStudyRecord> studies)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(studies);
        var findings = new List<CompletenessFinding>();
        foreach (var study in studies)
        {
            if (study.Incomplete is { Length: > 0 } why)
                findings.Add(new CompletenessFinding("", study.StudyInstanceUid, why));
        }

        foreach (var rule in rules)
        {
            var applies = false;
            var met = false;
            foreach (var study in studies)
            {
                if (!Matches(rule.When, study))
                    continue;
                applies = true;
                if (study.Digest?.Series is { } series && series.Any(s => Matches(rule.Require, s)))
                {
                    met = true;
                    break;
                }
            }

            if (applies && !met)
                findings.Add(new CompletenessFinding(rule.Name, "", $"rule \"{rule.Name}\" not met: no {rule.Require.Describe()} arrived"));
        }

        return findings;
    }

    private static bool Matches(StudyCondition? when, TransferStudyRecord study)
    {
        if (when is null)
            return true;
        if (when.Modality is { } modality && !(study.Digest?.Series.Any(s => Same(s.Modality, modality)) ?? false))
            return false;
        if (when.StudyDescriptionContains is { } text && !Contains(study.Digest?.Metadata?.StudyDescription, text))
            return false;
        return true;
    }

    private static bool Matches(SeriesCondition require, SeriesProgressRecord series) =>
        (require.Modality is null || Same(series.Modality, require.Modality))
        && (require.DescriptionContains is null || Contains(series.Description, require.DescriptionContains))
        // DS values are decimal text: 1.25 read as a double may be a hair above 1.25, which must still pass.
        && (require.SliceThicknessAtMost is not { } mm || series.SliceThickness is { } thickness && thickness <= mm + 1e-6)
        && (require.MinInstances is not { } count || series.InstancesAvailable >= count);

    private static bool Same(string? value, string expected) =>
        string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static bool Contains(string? value, string text) =>
        value is not null && value.Contains(text, StringComparison.OrdinalIgnoreCase);
}
