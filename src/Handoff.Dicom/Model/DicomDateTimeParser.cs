using System.Globalization;

namespace Handoff.Dicom;

/// <summary>
/// DA, TM and DT parsing (PS3.5 6.2) tolerant of the forms found in old files: YYYY.MM.DD dates and
/// HH:MM:SS times (ACR-NEMA), and partial precision. Returns null rather than throwing on bad text.
/// </summary>
internal static class DicomDateTimeParser
{
    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var digits = text.Length == 10 && text[4] == '.' && text[7] == '.'
            ? string.Concat(text.AsSpan(0, 4), text.AsSpan(5, 2), text.AsSpan(8, 2))
            : text;
        return digits.Length == 8 && DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    public static TimeOnly? ParseTime(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var compact = text.Contains(':', StringComparison.Ordinal) ? text.Replace(":", "", StringComparison.Ordinal) : text;
        return TryParseTime(compact, out var time) ? time : null;
    }

    public static DateTimeOffset? ParseDateTime(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var offset = TimeSpan.Zero;
        var body = text;
        var sign = text.Length > 4 ? text.IndexOfAny(['+', '-'], 4) : -1;
        if (sign > 0)
        {
            var zone = text.AsSpan(sign + 1);
            if (zone.Length != 4 || !int.TryParse(zone[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(zone[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || hours > 14 || minutes > 59)
                return null;
            offset = new TimeSpan(hours, minutes, 0) * (text[sign] == '-' ? -1 : 1);
            body = text[..sign];
        }
        if (body.Length < 4 || !int.TryParse(body.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            return null;
        var month = Field(body, 4, 1);
        var day = Field(body, 6, 1);
        if (month is not (>= 1 and <= 12) || year < 1 || day is null || day < 1 || day > DateTime.DaysInMonth(year, month.Value))
            return null;
        var time = TimeOnly.MinValue;
        if (body.Length > 8 && !TryParseTime(body[8..], out time))
            return null;
        var date = new DateTime(year, month.Value, day.Value, 0, 0, 0, DateTimeKind.Unspecified).Add(time.ToTimeSpan());
        return new DateTimeOffset(date, offset);
    }

    private static int? Field(string text, int start, int missing)
    {
        if (text.Length <= start)
            return missing;
        if (text.Length < start + 2 || !int.TryParse(text.AsSpan(start, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return null;
        return value;
    }

    private static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot >= 0 ? text[..dot] : text;
        if (whole.Length is not (2 or 4 or 6))
            return false;
        int Part(int i) => i < whole.Length ? int.Parse(whole.AsSpan(i, 2), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        int hour = Part(0), minute = Part(2), second = Part(4);
        if (hour > 23 || minute > 59 || second > 60)
            return false;
        long ticks = 0;
        if (dot >= 0)
        {
            var fraction = text.AsSpan(dot + 1);
            if (fraction.Length is 0 or > 6 || !int.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out var micro))
                return false;
            for (var i = fraction.Length; i < 6; i++)
                micro *= 10;
            ticks = micro * 10L;
        }
        time = new TimeOnly(hour, minute, Math.Min(second, 59)).Add(TimeSpan.FromTicks(ticks));
        return true;
    }
}
