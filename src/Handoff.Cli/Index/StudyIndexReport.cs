using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Handoff.Cli.Index;

/// <summary>Prints a <see cref="StudyIndex"/>: an aligned table for people, or JSON for scripts.</summary>
internal static class StudyIndexReport
{
    private static readonly string[] Headers = ["STUDY INSTANCE UID", "PATIENT", "DATE", "MODALITY", "SERIES", "INSTANCES", "BYTES", "SIZE"];

    // Count columns read better aligned on the right.
    private static readonly bool[] RightAligned = [false, false, false, false, true, true, true, true];

    public static void WriteTable(StudyIndex index, TextWriter output)
    {
        var rows = new List<string[]> { Headers };
        foreach (var study in index.Studies)
        {
            rows.Add(
            [
                study.StudyInstanceUid,
                study.PatientName,
                FormatDate(study.StudyDate),
                string.Join('/', study.Modalities),
                Count(study.SeriesCount),
                Count(study.InstanceCount),
                study.TotalBytes.ToString(CultureInfo.InvariantCulture),
                ByteSize.Format(study.TotalBytes),
            ]);
        }
        var widths = new int[Headers.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0)
                    output.Write("  ");
                var cell = RightAligned[c] ? row[c].PadLeft(widths[c]) : c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c]);
                output.Write(cell);
            }
            output.WriteLine();
        }
        long bytes = 0;
        var instances = 0;
        foreach (var study in index.Studies)
        {
            bytes += study.TotalBytes;
            instances += study.InstanceCount;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Plural(index.Studies.Count, "study", "studies")}, {Plural(instances, "instance", "instances")}, {ByteSize.Format(bytes)}; {Plural(index.Skipped.Count, "file", "files")} skipped of {index.FilesScanned}"));
    }

    public static void WriteJson(StudyIndex index, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("studies");
        foreach (var study in index.Studies)
        {
            json.WriteStartObject();
            json.WriteString("studyInstanceUid", study.StudyInstanceUid);
            json.WriteString("patientName", study.PatientName);
            json.WriteString("studyDate", study.StudyDate);
            json.WriteStartArray("modalities");
            foreach (var modality in study.Modalities)
                json.WriteStringValue(modality);
            json.WriteEndArray();
            json.WriteNumber("seriesCount", study.SeriesCount);
            json.WriteNumber("instanceCount", study.InstanceCount);
            json.WriteNumber("fileCount", study.FileCount);
            json.WriteNumber("totalBytes", study.TotalBytes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("skipped");
        foreach (var skipped in index.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("path", skipped.Path);
            json.WriteString("reason", skipped.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("filesScanned", index.FilesScanned);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>YYYYMMDD as YYYY-MM-DD; anything else as stored, so odd values stay visible.</summary>
    private static string FormatDate(string date) =>
        date.Length == 8 && int.TryParse(date, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? $"{date[..4]}-{date[4..6]}-{date[6..]}"
            : date;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
