using System.Globalization;
using Handoff.Protos.V1;

namespace Handoff.Server.WebApp;

/// <summary>How the pages show completeness: a series' missing Instance Numbers, a transfer's findings in one line.</summary>
public static class CompletenessView
{
    /// <summary>"41, 43–45 (4 missing)", or "" when the series has no gaps.</summary>
    public static string Missing(SeriesProgress series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.InstancesMissing == 0)
            return "";
        var listed = string.Join(", ", series.MissingInstanceNumbers.Select(r => r.First == r.Last
            ? r.First.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{r.First}–{r.Last}")));
        var counted = series.MissingInstanceNumbers.Sum(r => (long)r.Last - r.First + 1);
        var more = counted < series.InstancesMissing ? ", …" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{listed}{more} ({series.InstancesMissing} missing)");
    }

    /// <summary>What the series should have: the count a PACS reported when larger than what the sender declared.</summary>
    public static int Expected(SeriesProgress series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Math.Max(series.InstancesExpected, series.InstancesDeclared);
    }

    /// <summary>Every reason the transfer is incomplete, for a row's tooltip.</summary>
    public static string Summary(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var reasons = transfer.Studies.Where(s => s.Incomplete).Select(s => s.IncompleteReason)
            .Concat(transfer.Completeness.Where(f => f.Rule.Length > 0).Select(f => f.Detail));
        return string.Join("; ", reasons);
    }
}
