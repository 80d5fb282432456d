using Handoff.Server.Errors;
using Google.Protobuf.Collections;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>
/// The instance counts a PACS reported, as a sender passes them with a declaration: never negative, series named by
/// valid UIDs, each once, a bounded list. The upper bound (the instances a study may have) is the study grain's.
/// </summary>
public static class ExpectedCountMapping
{
    public const int MaxSeries = 10_000;

    /// <summary>Null for 0 (not said).</summary>
    public static int? Study(int expected) => expected switch
    {
        < 0 => throw new InvalidFieldException("expected_study_instances", $"expected_study_instances {expected} is negative"),
        0 => null,
        _ => expected,
    };

    /// <summary>Null when the list is empty (not said).</summary>
    public static Dictionary<string, int>? Series(RepeatedField<V1.ExpectedSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
            return null;
        if (series.Count > MaxSeries)
            throw new InvalidFieldException("expected_series", $"at most {MaxSeries} series may have expected counts, not {series.Count}");
        var counts = new Dictionary<string, int>(series.Count, StringComparer.Ordinal);
        for (var i = 0; i < series.Count; i++)
        {
            var field = $"expected_series[{i}]";
            var uid = RequestFields.Uid(series[i].SeriesInstanceUid, field + ".series_instance_uid");
            if (series[i].Instances <= 0)
                throw new InvalidFieldException(field + ".instances", $"series {uid} expects {series[i].Instances} instances; give a count of at least 1");
            if (!counts.TryAdd(uid, series[i].Instances))
                throw new InvalidFieldException(field + ".series_instance_uid", $"series {uid} is given twice");
        }

        return counts;
    }
}
