using System.Buffers;

namespace Handoff.Dicom.Text;

/// <summary>Which single bytes end a run of text and so return the designations to their initial state (PS3.5 6.1.2.5.3).</summary>
internal enum TextDelimiters
{
    /// <summary>ST, LT, UT: single-valued, so 05/12 is an ordinary character; only control characters reset.</summary>
    ControlsOnly,

    /// <summary>SH, LO, UC: 05/12 separates values.</summary>
    Values,

    /// <summary>PN: 05/12 separates values, 03/13 component groups and 05/14 components.</summary>
    PersonName,
}

/// <summary>
/// Decodes a value under ISO 2022 code extension (PS3.5 6.1.2.4, 6.1.2.5): escape sequences
/// designate sets into G0 (bytes 21..7E) and G1 (bytes A0..FF), and each delimiter returns both to
/// the sets of the first term. Total: any byte sequence decodes, garbage to U+FFFD.
/// </summary>
internal static class Iso2022Decoder
{
    private const int StackChars = 512;

    public static string Decode(ReadOnlySpan<byte> value, CodeElement initialG0, CodeElement initialG1, TextDelimiters delimiters)
    {
        // Every byte yields at most one char (an ESC at most one U+FFFD; a code page at most one char
        // or one replacement per byte, all in the BMP), so twice the length can never overflow even if
        // a decoder misbehaves, and the span overloads of GetChars can never throw for lack of room.
        var capacity = (int)Math.Min((2L * value.Length) + 2, Array.MaxLength);
        char[]? rented = null;
        Span<char> buffer = capacity <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(capacity));
        try
        {
            var written = Run(value, buffer, initialG0, initialG1, delimiters);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static int Run(ReadOnlySpan<byte> src, Span<char> dst, CodeElement initialG0, CodeElement initialG1, TextDelimiters delimiters)
    {
        var g0 = initialG0;
        var g1 = initialG1;
        var written = 0;
        var i = 0;
        while (i < src.Length)
        {
            var b = src[i];
            if (b == EscapeSequences.Esc)
            {
                i = EscapeSequences.Apply(src, i, ref g0, ref g1, out var malformed);
                if (malformed)
                    dst[written++] = '\uFFFD';
            }
            else if (b >= 0x80)
            {
                var end = i + 1;
                while (end < src.Length && src[end] >= 0x80)
                    end++;
                written += DecodeG1(g1, src[i..end], dst[written..]);
                i = end;
            }
            else if (b <= 0x20 || b == 0x7F)
            {
                // SPACE and the controls mean the same in every set. CR, LF, FF and TAB end a line or
                // field of text, before which the encoder must have returned to the initial sets.
                dst[written++] = (char)b;
                if (b is 0x09 or 0x0A or 0x0C or 0x0D)
                    (g0, g1) = (initialG0, initialG1);
                i++;
            }
            else if (g0.IsDoubleByteG0)
            {
                // Inside a two-byte set 05/12, 05/14 and 03/13 are halves of characters, not delimiters.
                var end = i + 1;
                while (end < src.Length && src[end] is > 0x20 and < 0x7F)
                    end++;
                written += JisDecoder.Decode(g0, src[i..end], dst[written..]);
                i = end;
            }
            else if (IsDelimiter(b, delimiters))
            {
                dst[written++] = (char)b;
                (g0, g1) = (initialG0, initialG1);
                i++;
            }
            else
            {
                dst[written++] = g0.Kind == CodeElementKind.JisRomaji ? Romaji(b) : (char)b;
                i++;
            }
        }
        return written;
    }

    private static bool IsDelimiter(byte b, TextDelimiters delimiters) => delimiters switch
    {
        TextDelimiters.PersonName => b is (byte)'\\' or (byte)'^' or (byte)'=',
        TextDelimiters.Values => b == '\\',
        _ => false,
    };

    // 05/12 only reaches here where it is not a value delimiter (ST, LT, UT): PS3.5 6.1.2.3 makes the
    // single byte 05/12 the separator whatever glyph the set gives it, so SH, LO, UC and PN keep '\'.
    private static char Romaji(byte b) => b switch
    {
        0x5C => '\u00A5', // YEN SIGN
        0x7E => '\u203E', // OVERLINE
        _ => (char)b,
    };

    private static int DecodeG1(CodeElement g1, ReadOnlySpan<byte> run, Span<char> dst)
    {
        if (g1.Kind != CodeElementKind.JisKatakana)
            return g1.Encoding.GetChars(run, dst);

        for (var k = 0; k < run.Length; k++)
            dst[k] = run[k] is >= 0xA1 and <= 0xDF ? (char)(0xFF61 + (run[k] - 0xA1)) : '\uFFFD';
        return run.Length;
    }
}
