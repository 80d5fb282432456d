using System.Globalization;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Studies;

/// <summary>
/// Whether a study its sender called done is really whole: every series has as many instances as a PACS reported
/// for it, the study as many as reported for the study, and no series short of (or without) a reported count has gaps
/// in its Instance Numbers. The answer
/// is a sentence for people (series numbers and descriptions, counts; never patient data), or null when whole.
/// </summary>
internal static class StudyCompleteness
{
    /// <summary>Long enough for several series; the per-series numbers stay in the series digest.</summary>
    public const int MaxReasonLength = 500;

    public static string? Describe(bool senderDone, int? expectedInstances, int arrived, IReadOnlyList<SeriesProgressRecord> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (!senderDone)
            return null;
        var reasons = new List<string>();
        if (expectedInstances is { } studyExpected && studyExpected > arrived)
            reasons.Add(Invariant($"{arrived} of {studyExpected} instances the PACS reported for the study arrived"));
        foreach (var one in series)
        {
            if (one.InstancesExpected is { } expected && expected > one.InstancesAvailable)
                reasons.Add(Invariant($"series {Label(one)}: {one.InstancesAvailable} of {expected} instances the PACS reported arrived"));
            // Gaps are a suspicion, not proof: a series numbered 1-60 and 101-160 by design, or one stray number,
            // is whole when as many arrived as the PACS reported. They count only without such a count or short of it
            // (and stay listed in the series digest either way).
            if (one.Gaps is { } gaps && (one.InstancesExpected is not { } count || one.InstancesAvailable < count))
                reasons.Add(Invariant($"series {Label(one)}: instance numbers {gaps} missing ({gaps.Missing})"));
        }

        if (reasons.Count == 0)
            return null;
        var text = string.Join("; ", reasons);
        return text.Length <= MaxReasonLength ? text : text[..(MaxReasonLength - 1)] + "…";
    }

    private static string Label(SeriesProgressRecord series)
    {
        var number = series.SeriesNumber > 0 ? series.SeriesNumber.ToString(CultureInfo.InvariantCulture) : series.SeriesInstanceUid;
        return series.Description.Length > 0 ? $"{number} ({series.Description})" : number;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
