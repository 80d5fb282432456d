using System.Globalization;

namespace Handoff.Gateway;

/// <summary>A DICOM node to store into: `ORTHANC_B@10.1.2.3:4242` is AE title ORTHANC_B listening at 10.1.2.3 port 4242.</summary>
/// <param name="AeTitle">The AE title to call.</param>
/// <param name="Host">Its host name or address.</param>
/// <param name="Port">Its DICOM port.</param>
public sealed record PacsAddress(string AeTitle, string Host, int Port)
{
    /// <summary>Parses AE@HOST:PORT; <see cref="FormatException"/> names what is wrong.</summary>
    public static PacsAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == text.Length - 1)
            throw new FormatException($"'{text}' is not AE@HOST:PORT");
        var ae = text[..at];
        var host = text[(at + 1)..colon].Trim('[', ']');
        if (!AeTitles.IsValid(ae))
            throw new FormatException($"'{text}': '{ae}' is not an AE title (1 to 16 characters, no backslash or control characters)");
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{text}': '{text[(colon + 1)..]}' is not a port (1 to 65535)");
        return new PacsAddress(ae, host, port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AeTitle}@{Host}:{Port}");
}
