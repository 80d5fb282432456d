using System.Globalization;
using System.Text.Json;

namespace Handoff.Dicom.Tests.Corpus;

/// <summary>
/// Walks dcm2json's JSON and Handoff's data set side by side and lists every non-binary value that differs,
/// reached through Handoff's typed accessors (strings, numbers, person names, tags, sequences).
/// </summary>
public static class OracleComparer
{
    public static List<string> Compare(JsonElement expected, DicomDataset actual, string path = "")
    {
        var differences = new List<string>();
        foreach (var property in expected.EnumerateObject())
        {
            var tag = new DicomTag(uint.Parse(property.Name, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            var where = path + tag;
            // dcm2json rewrites the character set to ISO_IR 192 because it converts to UTF-8, and keeps the
            // trailing padding that Handoff drops by design (PS3.10 7.2: it carries no information).
            if (tag == DicomTag.SpecificCharacterSet || tag == DicomTag.DataSetTrailingPadding)
                continue;
            var vr = property.Value.GetProperty("vr").GetString()!;
            var item = actual.Find(tag);
            if (item is null)
            {
                differences.Add($"{where}: missing (dcmtk has {vr})");
                continue;
            }
            if (!property.Value.TryGetProperty("Value", out var values))
                continue;
            CompareValues(vr, values, actual, item, where, differences);
        }
        return differences;
    }

    private static void CompareValues(string vr, JsonElement values, DicomDataset actual, DicomItem item, string where, List<string> differences)
    {
        var tag = item.Tag;
        switch (vr)
        {
            case "SQ":
                if (item is not DicomSequence sequence)
                {
                    differences.Add($"{where}: dcmtk has a sequence, Handoff {item.VR.Code()}");
                    return;
                }
                var expectedItems = values.EnumerateArray().ToList();
                if (expectedItems.Count != sequence.Items.Count)
                    differences.Add($"{where}: {expectedItems.Count} items expected, {sequence.Items.Count} read");
                for (var i = 0; i < Math.Min(expectedItems.Count, sequence.Items.Count); i++)
                    differences.AddRange(Compare(expectedItems[i], sequence.Items[i], $"{where}[{i}]"));
                return;
            case "PN":
                var index = 0;
                foreach (var value in values.EnumerateArray())
                {
                    var name = actual.GetPersonName(tag, index++);
                    foreach (var group in new[] { "Alphabetic", "Ideographic", "Phonetic" })
                    {
                        var want = value.ValueKind == JsonValueKind.Object && value.TryGetProperty(group, out var g) ? g.GetString() ?? "" : "";
                        if (NotConverted(want))
                            continue;
                        var got = group switch { "Alphabetic" => name?.Alphabetic, "Ideographic" => name?.Ideographic, _ => name?.Phonetic } ?? "";
                        if (want != got)
                            differences.Add($"{where} PN {group}: '{want}' expected, '{got}' read");
                    }
                }
                return;
            case "AT":
                var at = 0;
                foreach (var value in values.EnumerateArray())
                {
                    var got = actual.GetAttributeTag(tag, at++);
                    var want = value.GetString();
                    if (got is null || !string.Equals(want, $"{got.Value.Group:X4}{got.Value.Element:X4}", StringComparison.OrdinalIgnoreCase))
                        differences.Add($"{where} AT: {want} expected, {got} read");
                }
                return;
            case "DS" or "IS" when values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String):
                // dcmtk prints a DS/IS that is not a number as the string it found ("1A" in badVR.dcm)
                CompareStrings(vr, values, actual.GetStrings(tag), where, differences);
                return;
            case "DS" or "IS" or "US" or "SS" or "UL" or "SL" or "FL" or "FD" or "SV" or "UV":
                CompareNumbers(vr, values, actual.GetNumbers(tag), where, differences);
                return;
            case "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "UN":
                return; // binary values are compared byte for byte by the round-trip tests, not here
            default:
                CompareStrings(vr, values, actual.GetStrings(tag), where, differences);
                return;
        }
    }

    /// <summary>
    /// dcmtk (iconv) cannot convert ISO 2022 IR 87/159 and passes the raw bytes through: escapes or replacement
    /// characters in its output mean it has no answer to compare with. The charset tests check those names.
    /// </summary>
    private static bool NotConverted(string text) => text.Contains('\u001b', StringComparison.Ordinal) || text.Contains('\uFFFD', StringComparison.Ordinal);

    private static void CompareStrings(string vr, JsonElement values, string[] strings, string where, List<string> differences)
    {
        if (values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && NotConverted(v.GetString()!)))
            return;
        var expectedStrings = values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? "" : v.ToString()).ToList();
        if (!expectedStrings.SequenceEqual(strings))
            differences.Add($"{where} {vr}: [{string.Join("|", expectedStrings)}] expected, [{string.Join("|", strings)}] read");
    }

    private static void CompareNumbers(string vr, JsonElement values, double[] numbers, string where, List<string> differences)
    {
        var expected = values.EnumerateArray().ToList();
        if (expected.Count != numbers.Length)
        {
            differences.Add($"{where} {vr}: {expected.Count} values expected, {numbers.Length} read");
            return;
        }
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].ValueKind == JsonValueKind.Null)
                continue;
            var want = expected[i].ValueKind == JsonValueKind.String
                ? double.Parse(expected[i].GetString()!, CultureInfo.InvariantCulture)
                : expected[i].GetDouble();
            var tolerance = vr == "FL" ? 1e-6 * Math.Max(1, Math.Abs(want)) : 1e-12 * Math.Max(1, Math.Abs(want));
            if (!(Math.Abs(want - numbers[i]) <= tolerance) && !(double.IsNaN(want) && double.IsNaN(numbers[i])))
                differences.Add($"{where} {vr}[{i}]: {want} expected, {numbers[i]} read");
        }
    }
}
