using System.Text;

namespace Handoff.Dicom.Text;

/// <summary>
/// Creates the decoders for the DICOM character sets. Encodings come straight from
/// <see cref="CodePagesEncodingProvider"/> rather than through <see cref="Encoding.RegisterProvider"/>,
/// so using this library does not change <see cref="Encoding.GetEncoding(int)"/> for the whole process.
/// </summary>
internal static class CodePages
{
    public const int Latin1 = 28591;
    public const int Utf8 = 65001;
    public const int Gb18030 = 54936;
    public const int Gbk = 936;

    // U+FFFD rather than the default "?" so that garbage is recognisable as garbage and is never
    // confused with a real question mark typed by a user.
    private static readonly DecoderFallback Replacement = new DecoderReplacementFallback("\uFFFD");

    private static readonly Encoding Utf8Lenient = new UTF8Encoding(
        encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>A decoder for the code page that never throws on malformed input.</summary>
    public static Encoding Get(int codePage) => codePage switch
    {
        // The built-in encodings are vectorised and need no table.
        Latin1 => Encoding.Latin1,
        Utf8 => Utf8Lenient,
        _ => CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ReplacementFallback, Replacement)
            // Every code page used here ships with .NET; should a trimmed runtime lack one, Latin-1
            // keeps decoding total (the caller sees mojibake, not an exception).
            ?? Encoding.Latin1,
    };
}
