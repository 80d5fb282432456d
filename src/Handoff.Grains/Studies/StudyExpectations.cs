using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;

namespace Handoff.Grains.Studies;

/// <summary>
/// The instance counts a PACS reported for a study, as its sender passed them with a declaration: checked against
/// what a study may hold (a count no study can reach is a broken or hostile sender, not an expectation), then kept;
/// the latest declaration that gives them replaces earlier ones.
/// </summary>
internal static class StudyExpectations
{
    /// <summary>Refuses counts outside 1 to <paramref name="maxInstances"/> before anything changes.</summary>
    public static void Validate(DeclareStudyCommand command, string studyUid, int maxInstances)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.ExpectedInstances is { } study && (study < 1 || study > maxInstances))
            throw DomainException.Invalid($"expected_study_instances {study} for study {studyUid} is not a count a study can have (1 to {maxInstances})");
        foreach (var (series, count) in command.ExpectedSeries ?? new Dictionary<string, int>())
        {
            if (count < 1 || count > maxInstances)
                throw DomainException.Invalid($"expected_series: series {series} expects {count} instances, not a count a study can have (1 to {maxInstances})");
        }

        if (command.ExpectedSeries is { Count: > 0 } all && all.Values.Sum(c => (long)c) > maxInstances)
            throw DomainException.Invalid($"expected_series: {all.Values.Sum(c => (long)c)} instances over all series, more than the {maxInstances} a study can have");
    }

    /// <summary>True when the stored expectations changed.</summary>
    public static bool Apply(DeclareStudyCommand command, StudyGrainState state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);
        var changed = false;
        if (command.ExpectedInstances is { } study && state.ExpectedInstances != study)
        {
            state.ExpectedInstances = study;
            changed = true;
        }

        if (command.ExpectedSeries is { Count: > 0 } series
            && (series.Count != state.ExpectedBySeries.Count || series.Any(s => state.ExpectedBySeries.GetValueOrDefault(s.Key) != s.Value)))
        {
            state.ExpectedBySeries = new Dictionary<string, int>(series, StringComparer.Ordinal);
            changed = true;
        }

        return changed;
    }
}
