using System.Globalization;
using System.Text;

namespace Handoff.Contracts.Errors;

/// <summary>
/// Request input quoted back in an error message: whole when it is short, otherwise its first characters and its
/// length. A gRPC status travels in an HTTP/2 header, so a hostile megabyte id echoed whole would break the client's
/// header limit (it then reports UNAVAILABLE and retries) and bloat any log that records the message. Control
/// characters are shown as '?', so a quoted value cannot start a new line.
/// </summary>
public static class InputEcho
{
    /// <summary>Longest input quoted whole: more than any id, UID or facility address the API accepts.</summary>
    public const int MaxLength = 64;

    /// <summary><paramref name="value"/> in single quotes, cut to <paramref name="maxLength"/> characters with its full length added when longer.</summary>
    public static string Quote(string? value, int maxLength = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (value is null)
            return "(none)";
        var shown = value.Length <= maxLength ? value.AsSpan() : Prefix(value, maxLength);
        var quoted = new StringBuilder(shown.Length + 32).Append('\'');
        foreach (var c in shown)
            quoted.Append(char.IsControl(c) ? '?' : c);
        quoted.Append('\'');
        if (shown.Length < value.Length)
            quoted.Insert(quoted.Length - 1, '…').Append(CultureInfo.InvariantCulture, $" ({value.Length} characters)");
        return quoted.ToString();
    }

    // Never split a surrogate pair: half of one is not a character a client could print.
    private static ReadOnlySpan<char> Prefix(string value, int length) =>
        char.IsHighSurrogate(value[length - 1]) ? value.AsSpan(0, length - 1) : value.AsSpan(0, length);
}
