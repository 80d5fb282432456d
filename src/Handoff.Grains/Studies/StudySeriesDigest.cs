using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Studies;

/// <summary>
/// A study's series as its transfers show them: instances declared and arrived, the Instance Number gaps, what a PACS
/// said to expect, the thickest slice. Series seen in a header come first (in the order they appeared), then series
/// only declared so far (nothing of them has arrived yet), then series only a PACS reported (nothing of them was even
/// declared: a whole series left behind).
/// </summary>
internal static class StudySeriesDigest
{
    /// <param name="state">The study.</param>
    /// <param name="withGaps">
    /// Whether to find Instance Number gaps. Finding them sorts every series' numbers, so it is done only when asked
    /// (the study is completed): the digest is built on every progress batch of a study that may hold 50,000 instances.
    /// </param>
    public static SeriesProgressRecord[] Build(StudyGrainState state, bool withGaps = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var bySeries = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var instance in state.Instances)
        {
            // Instances declared without a series are not counted until their header names one.
            if (instance.SeriesInstanceUid.Length == 0)
                continue;
            if (!bySeries.TryGetValue(instance.SeriesInstanceUid, out var tally))
                bySeries[instance.SeriesInstanceUid] = tally = new Tally();
            tally.Declared++;
            if (!instance.Verified)
                continue;
            tally.Verified++;
            if (withGaps && instance.InstanceNumber > 0)
                tally.Numbers.Add(instance.InstanceNumber);
            // The thickest, not the thinnest: one thin image in a 5 mm series must not meet "at most 1.25 mm".
            if (instance.SliceThickness is { } mm && (tally.Thickest is null || mm > tally.Thickest))
                tally.Thickest = mm;
        }

        var series = new List<SeriesProgressRecord>(bySeries.Count);
        foreach (var known in state.Series)
            series.Add(Record(known.SeriesInstanceUid, known.Modality, known.Description, known.SeriesNumber, bySeries.GetValueOrDefault(known.SeriesInstanceUid), state, withGaps));
        foreach (var (uid, tally) in bySeries)
        {
            if (!state.Series.Exists(s => s.SeriesInstanceUid == uid))
                series.Add(Record(uid, "", "", 0, tally, state, withGaps));
        }

        // A series the PACS reported but of which nothing arrived nor was declared: without a record it would never
        // be flagged, and with no study-level count the study would look whole.
        foreach (var (uid, _) in state.ExpectedBySeries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!bySeries.ContainsKey(uid) && !state.Series.Exists(s => s.SeriesInstanceUid == uid))
                series.Add(Record(uid, "", "", 0, null, state, withGaps));
        }

        return series.ToArray();
    }

    private static SeriesProgressRecord Record(string uid, string modality, string description, int number, Tally? tally, StudyGrainState state, bool withGaps) =>
        new(uid, modality, description, number, tally?.Verified ?? 0)
        {
            InstancesDeclared = tally?.Declared ?? 0,
            Gaps = tally is null || !withGaps ? null : InstanceNumberGapFinder.Find(tally.Numbers),
            InstancesExpected = state.ExpectedBySeries.TryGetValue(uid, out var expected) ? expected : null,
            SliceThickness = tally?.Thickest,
        };

    private sealed class Tally
    {
        public int Declared;
        public int Verified;
        public double? Thickest;
        public readonly List<int> Numbers = [];
    }
}
