using Handoff.Contracts.Transfers;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>The completeness parts of a transfer's proto: per series gaps and expectations, the transfer's findings.</summary>
public static class CompletenessMapping
{
    /// <summary>Adds what <paramref name="series"/> knows of completeness to <paramref name="proto"/> and returns it.</summary>
    public static V1.SeriesProgress With(SeriesProgressRecord series, V1.SeriesProgress proto)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(proto);
        if (series.Gaps is { } gaps)
        {
            foreach (var range in gaps.Ranges)
                proto.MissingInstanceNumbers.Add(new V1.InstanceNumberRange { First = range.First, Last = range.Last });
            proto.InstancesMissing = gaps.Missing;
        }

        proto.InstancesExpected = series.InstancesExpected ?? 0;
        proto.SliceThickness = series.SliceThickness ?? 0;
        return proto;
    }

    /// <summary>The transfer is incomplete when a study is not whole or a finding stands (a rule not met).</summary>
    public static void AddTo(V1.Transfer transfer, TransferRecord record)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(record);
        foreach (var finding in record.Completeness ?? [])
        {
            transfer.Completeness.Add(new V1.CompletenessFinding
            {
                Rule = finding.Rule,
                StudyInstanceUid = finding.StudyInstanceUid,
                Detail = finding.Detail,
            });
        }

        transfer.Incomplete = transfer.Completeness.Count > 0 || record.Studies.Any(s => s.Incomplete is { Length: > 0 });
    }
}
