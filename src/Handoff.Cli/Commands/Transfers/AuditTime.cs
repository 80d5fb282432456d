using System.Globalization;

namespace Handoff.Cli.Commands.Transfers;

/// <summary>
/// A time as `handoff audit --since/--until` take it: ISO 8601 ("2025-03-01T08:00:00Z", "2025-03-01"; UTC unless
/// it names an offset), or how long ago: a number and a unit, s, m, h, d or w ("90m", "2h", "7d").
/// </summary>
internal static class AuditTime
{
    public const string Examples = "an ISO time such as 2025-03-01T08:00:00Z, or how long ago such as 30m, 2h, 7d";

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var trimmed = text.Trim();
        if (Ago(trimmed) is { } ago)
        {
            if (ago > now - DateTimeOffset.MinValue)
                return false;
            value = now - ago;
            return true;
        }
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    private static TimeSpan? Ago(string text)
    {
        var unit = char.ToLowerInvariant(text[^1]);
        var perUnit = unit switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => (TimeSpan?)null,
        };
        if (perUnit is null || text.Length < 2 || !char.IsAsciiDigit(text[0])
            || !double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
            || count * perUnit.Value.TotalDays > 3_000_000)
            return null;
        return perUnit.Value * count;
    }
}
