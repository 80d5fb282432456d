using System.Globalization;
using System.Text.Json;
using Handoff.Protos.V1;

namespace Handoff.Cli.Output;

/// <summary>
/// Completeness in `status`: per series how many instances were expected, arrived and which Instance Numbers are
/// missing; whether the transfer is incomplete and why (studies not whole, destination rules not met).
/// </summary>
internal static class CompletenessOutput
{
    /// <summary>"41, 43-45" and "…" when more were missing than listed.</summary>
    public static string MissingNumbers(SeriesProgress series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var listed = string.Join(", ", series.MissingInstanceNumbers.Select(Range));
        var counted = series.MissingInstanceNumbers.Sum(r => (long)r.Last - r.First + 1);
        return counted < series.InstancesMissing ? listed + ", …" : listed;
    }

    /// <summary>What the series should have: the PACS's count when one was reported, else what the sender declared.</summary>
    public static int Expected(SeriesProgress series) => Math.Max(series.InstancesExpected, series.InstancesDeclared);

    public static void WriteText(TextWriter output, Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(transfer);
        var series = new TextTable("SERIES", "MODALITY", "DESCRIPTION", "ARRIVED", "EXPECTED", "MISSING NUMBERS");
        var any = false;
        foreach (var study in transfer.Studies)
        {
            foreach (var one in study.Series.OrderBy(s => s.SeriesNumber))
            {
                any = true;
                var missing = one.InstancesMissing > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{MissingNumbers(one)} ({one.InstancesMissing} missing)")
                    : "-";
                series.Add(one.SeriesNumber > 0 ? one.SeriesNumber.ToString(CultureInfo.InvariantCulture) : one.SeriesInstanceUid,
                    one.Modality, one.Description, one.InstancesAvailable.ToString(CultureInfo.InvariantCulture),
                    Expected(one).ToString(CultureInfo.InvariantCulture), missing);
            }
        }

        if (any)
        {
            output.WriteLine();
            series.Write(output);
        }

        if (!transfer.Incomplete)
            return;
        output.WriteLine();
        foreach (var study in transfer.Studies.Where(s => s.Incomplete))
            output.WriteLine($"INCOMPLETE   study {study.StudyInstanceUid}: {study.IncompleteReason}");
        foreach (var finding in transfer.Completeness.Where(f => f.Rule.Length > 0))
            output.WriteLine($"INCOMPLETE   {finding.Detail}");
    }

    /// <summary>Inside a study's JSON object: "incomplete", "incompleteReason" and "series".</summary>
    public static void WriteStudyJson(Utf8JsonWriter writer, TransferStudy study)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(study);
        writer.WriteBoolean("incomplete", study.Incomplete);
        writer.WriteString("incompleteReason", study.IncompleteReason);
        writer.WriteStartArray("series");
        foreach (var series in study.Series)
        {
            writer.WriteStartObject();
            writer.WriteString("seriesInstanceUid", series.SeriesInstanceUid);
            writer.WriteNumber("seriesNumber", series.SeriesNumber);
            writer.WriteString("modality", series.Modality);
            writer.WriteString("description", series.Description);
            writer.WriteNumber("instancesDeclared", series.InstancesDeclared);
            writer.WriteNumber("instancesAvailable", series.InstancesAvailable);
            if (series.InstancesExpected > 0)
                writer.WriteNumber("instancesExpectedByPacs", series.InstancesExpected);
            writer.WriteNumber("instancesMissing", series.InstancesMissing);
            writer.WriteStartArray("missingInstanceNumbers");
            foreach (var range in series.MissingInstanceNumbers)
            {
                writer.WriteStartObject();
                writer.WriteNumber("first", range.First);
                writer.WriteNumber("last", range.Last);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (series.SliceThickness > 0)
                writer.WriteNumber("sliceThickness", series.SliceThickness);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Inside a transfer's JSON object: "incomplete" and "completeness" (the findings).</summary>
    public static void WriteTransferJson(Utf8JsonWriter writer, Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(transfer);
        writer.WriteBoolean("incomplete", transfer.Incomplete);
        writer.WriteStartArray("completeness");
        foreach (var finding in transfer.Completeness)
        {
            writer.WriteStartObject();
            if (finding.Rule.Length > 0)
                writer.WriteString("rule", finding.Rule);
            if (finding.StudyInstanceUid.Length > 0)
                writer.WriteString("studyInstanceUid", finding.StudyInstanceUid);
            writer.WriteString("detail", finding.Detail);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static string Range(InstanceNumberRange range) => range.First == range.Last
        ? range.First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{range.First}-{range.Last}");
}
