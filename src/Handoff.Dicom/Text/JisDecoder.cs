namespace Handoff.Dicom.Text;

/// <summary>
/// Decodes runs of JIS X 0208 (ISO-IR 87) and JIS X 0212 (ISO-IR 159) designated to G0, where each
/// character is a pair of bytes 21..7E.
/// </summary>
/// <remarks>
/// .NET has no decoder for 7-bit JIS X 0212 (its iso-2022-jp code pages 50220-50222 ignore ESC $ ( D
/// and read the pairs as JIS X 0208), but Windows code page 20932, EUC-JP in the Microsoft layout, holds
/// both sets: JIS X 0208 as (row|80, cell|80) and JIS X 0212 as (row|80, cell). So a run is rewritten
/// into that form and decoded in one call. Checked exhaustively against Python's iso2022_jp and
/// iso2022_jp_1 codecs: every one of the 94x94 pairs of either set decodes to exactly one char (so pairs
/// cannot fall out of step), the JIS X 0208 mapping is identical, and JIS X 0212 differs only at the two
/// code points patched below.
/// </remarks>
internal static class JisDecoder
{
    private const int ChunkBytes = 128;

    public static int Decode(CodeElement set, ReadOnlySpan<byte> run, Span<char> dst)
    {
        var isX0212 = set.Kind == CodeElementKind.JisX0212;
        var cellBit = isX0212 ? 0x00 : 0x80;
        var pairedLength = run.Length & ~1;
        Span<byte> euc = stackalloc byte[ChunkBytes];
        var written = 0;
        for (var start = 0; start < pairedLength; start += ChunkBytes)
        {
            var length = Math.Min(ChunkBytes, pairedLength - start);
            var source = run.Slice(start, length);
            for (var k = 0; k < length; k += 2)
            {
                euc[k] = (byte)(source[k] | 0x80);
                euc[k + 1] = (byte)(source[k + 1] | cellBit);
            }
            var count = set.Encoding.GetChars(euc[..length], dst[written..]);
            if (isX0212 && count == length / 2)
                PatchX0212(source, dst.Slice(written, count));
            written += count;
        }

        // A lone half of a pair: the value was cut short or the escape sequence lied.
        if (pairedLength != run.Length)
            dst[written++] = '\uFFFD';
        return written;
    }

    // Code page 20932 leaves these two JIS X 0212 characters unmapped.
    private static void PatchX0212(ReadOnlySpan<byte> pairs, Span<char> chars)
    {
        for (var k = 0; k < chars.Length; k++)
        {
            if (pairs[2 * k] != 0x22)
                continue;
            chars[k] = pairs[(2 * k) + 1] switch
            {
                0x37 => '~',
                0x71 => '\u2116', // NUMERO SIGN
                _ => chars[k],
            };
        }
    }
}
