using System.Text.Json;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// Compares two JSON documents by meaning: object members regardless of order, arrays element by element,
/// numbers by value (dcm2json prints FL with 9 significant digits, .NET with the fewest that round-trip, so
/// "10.6006098" and "10.60061" are the same float). Returns every difference with its path, so a failing test
/// says exactly which attribute disagrees.
/// </summary>
public static class JsonSemanticComparer
{
    // Float32 carries about 7 significant digits; anything closer than this is the same stored value.
    private const double RelativeTolerance = 1e-6;

    public static IReadOnlyList<string> Differences(JsonElement actual, JsonElement expected)
    {
        var differences = new List<string>();
        Compare(actual, expected, "$", differences);
        return differences;
    }

    private static void Compare(JsonElement actual, JsonElement expected, string path, List<string> differences)
    {
        if (actual.ValueKind == JsonValueKind.Number && expected.ValueKind == JsonValueKind.Number)
        {
            var a = actual.GetDouble();
            var e = expected.GetDouble();
            if (a != e && Math.Abs(a - e) > RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(e)))
                differences.Add($"{path}: {actual.GetRawText()} != {expected.GetRawText()}");
            return;
        }
        if (actual.ValueKind != expected.ValueKind)
        {
            differences.Add($"{path}: {actual.ValueKind} {Clip(actual.GetRawText())} != {expected.ValueKind} {Clip(expected.GetRawText())}");
            return;
        }
        switch (actual.ValueKind)
        {
            case JsonValueKind.Object:
                CompareObjects(actual, expected, path, differences);
                break;
            case JsonValueKind.Array:
                var left = actual.GetArrayLength();
                var right = expected.GetArrayLength();
                if (left != right)
                    differences.Add($"{path}: {left} values != {right} values");
                for (var i = 0; i < Math.Min(left, right); i++)
                    Compare(actual[i], expected[i], $"{path}[{i}]", differences);
                break;
            case JsonValueKind.String:
                if (actual.GetString() != expected.GetString())
                    differences.Add($"{path}: {Clip(actual.GetRawText())} != {Clip(expected.GetRawText())}");
                break;
        }
    }

    private static void CompareObjects(JsonElement actual, JsonElement expected, string path, List<string> differences)
    {
        var expectedMembers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in expected.EnumerateObject())
            expectedMembers[member.Name] = member.Value;
        foreach (var member in actual.EnumerateObject())
        {
            if (expectedMembers.Remove(member.Name, out var other))
                Compare(member.Value, other, $"{path}.{member.Name}", differences);
            else
                differences.Add($"{path}.{member.Name}: unexpected, {Clip(member.Value.GetRawText())}");
        }
        foreach (var name in expectedMembers.Keys)
            differences.Add($"{path}.{name}: missing");
    }

    private static string Clip(string text) => text.Length > 120 ? text[..120] + "..." : text;
}
