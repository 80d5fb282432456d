using System.Buffers;
using System.Text;

namespace Handoff.Dicom.Text;

/// <summary>Decodes a value that uses one plain code page throughout (no code extensions).</summary>
internal static class WholeValueDecoder
{
    private const int StackChars = 512;

    // Past this GetMaxCharCount could overflow, and a pooled buffer the size of the string buys nothing.
    private const int MaxScratchBytes = 1 << 24;

    public static string Decode(Encoding encoding, ReadOnlySpan<byte> value)
    {
        // The built-in Latin-1 and UTF-8 decoders are vectorised; a scratch buffer would only add a copy.
        if (encoding.CodePage is CodePages.Latin1 or CodePages.Utf8)
            return encoding.GetString(value);

        // Every whole-value code page agrees with ASCII below 0x80, and Latin-1 widening is much
        // faster than a table-driven code page for the usual all-ASCII value.
        if (Ascii.IsValid(value))
            return Encoding.Latin1.GetString(value);
        if (value.Length > MaxScratchBytes)
            return encoding.GetString(value);

        // GetString would run the code page twice (count, then decode), and GB18030 allocates a
        // decoder each time; one pass into a scratch buffer halves both time and garbage.
        var capacity = encoding.GetMaxCharCount(value.Length);
        char[]? rented = null;
        Span<char> buffer = capacity <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(capacity));
        try
        {
            var written = encoding.GetChars(value, buffer);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }
}
