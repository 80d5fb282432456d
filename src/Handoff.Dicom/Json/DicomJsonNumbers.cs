namespace Handoff.Dicom.Json;

/// <summary>
/// Turns DS and IS strings into JSON number tokens the way <c>dcm2json</c> does (PS3.18 F.2.3 maps both to
/// JSON numbers): DICOM allows "+1", "007", ".5" and "5." but JSON does not, so signs and zeros are fixed up
/// and the digits otherwise kept as written, preserving the precision the modality recorded.
/// </summary>
internal static class DicomJsonNumbers
{
    /// <summary>DS: removes '+', strips leading zeros, and puts a digit on both sides of the decimal point.</summary>
    public static string NormalizeDecimal(string value)
    {
        var text = value.Replace("+", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        if (negative)
            text = text[1..];
        var firstSignificant = text.AsSpan().IndexOfAnyExcept('0');
        if (firstSignificant < 0)
            text = "0";
        else
            text = text[firstSignificant] == '.' ? "0" + text[firstSignificant..] : text[firstSignificant..];
        if (negative)
            text = "-" + text;
        var point = text.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0 && (point == text.Length - 1 || !char.IsAsciiDigit(text[point + 1])))
            text = text.Insert(point + 1, "0");
        return text;
    }

    /// <summary>IS: removes '+' and leading zeros.</summary>
    public static string NormalizeInteger(string value)
    {
        var text = value.Replace("+", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        if (negative)
            text = text[1..];
        var firstSignificant = text.AsSpan().IndexOfAnyExcept('0');
        text = firstSignificant < 0 ? "0" : text[firstSignificant..];
        return negative ? "-" + text : text;
    }

    /// <summary>True when <paramref name="text"/> is a number token by the JSON grammar (RFC 8259 section 6).</summary>
    public static bool IsJsonNumber(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
            i++;
        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            return false;
        if (text[i] == '0')
            i++;
        else
            i = SkipDigits(text, i);
        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            i = SkipDigits(text, i);
            if (i == start)
                return false;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                i++;
            var start = i;
            i = SkipDigits(text, i);
            if (i == start)
                return false;
        }
        return i == text.Length;
    }

    private static int SkipDigits(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        return i;
    }
}
