namespace Handoff.Dicom.Text;

/// <summary>
/// Parses the ISO 2022 designation escape sequences of PS3.3 Tables C.12-3 and C.12-4.
/// Any known designation is honoured, even for a set the terms did not declare: the bytes say what
/// they are, and honouring them gives the user the name instead of mojibake.
/// </summary>
internal static class EscapeSequences
{
    public const byte Esc = 0x1B;

    /// <summary>
    /// Applies the sequence starting at <paramref name="start"/> (which holds ESC) to the G0 and G1
    /// designations and returns the index just past it.
    /// </summary>
    /// <param name="malformed">
    /// True when ESC is not followed by a complete sequence (ISO 2022 syntax: intermediates 20..2F,
    /// then one final byte 30..7E). The ESC and its intermediates are skipped so the rest still decodes.
    /// </param>
    public static int Apply(ReadOnlySpan<byte> value, int start, ref CodeElement g0, ref CodeElement g1, out bool malformed)
    {
        var end = start + 1;
        while (end < value.Length && value[end] is >= 0x20 and <= 0x2F)
            end++;
        if (end >= value.Length || value[end] is < 0x30 or > 0x7E)
        {
            malformed = true;
            return end;
        }

        malformed = false;
        var sequence = value[(start + 1)..(end + 1)];
        var designation = Lookup(sequence);
        if (designation is not null)
        {
            if (designation.Kind is CodeElementKind.Ascii or CodeElementKind.JisRomaji || designation.IsDoubleByteG0)
                g0 = designation;
            else
                g1 = designation;
        }
        else if (DesignatesG0(sequence))
        {
            // An unknown set: what it means is lost, but ASCII and Latin-1 keep names readable when
            // the sequence was merely misspelled, and the decode carries on instead of failing.
            g0 = CodeElement.Ascii;
        }
        else if (DesignatesG1(sequence))
        {
            g1 = CodeElement.Latin1;
        }
        // Anything else (single shifts, G2/G3, DOCS) has no meaning in DICOM and is dropped.
        return end + 1;
    }

    private static CodeElement? Lookup(ReadOnlySpan<byte> sequence) => sequence switch
    {
        [(byte)'(', (byte)'B'] => CodeElement.Ascii,
        [(byte)'(', (byte)'J'] => CodeElement.JisRomaji,
        [(byte)')', (byte)'I'] => CodeElement.JisKatakana,
        [(byte)'-', var final] => SingleByte(final),
        // ESC $ @ is the 1978 edition of JIS X 0208; old Japanese systems still emit it.
        [(byte)'$', (byte)'B' or (byte)'@'] => CodeElement.JisX0208,
        [(byte)'$', (byte)'(', (byte)'B' or (byte)'@'] => CodeElement.JisX0208,
        [(byte)'$', (byte)'(', (byte)'D'] => CodeElement.JisX0212,
        [(byte)'$', (byte)')', (byte)'C'] => CodeElement.KsX1001,
        [(byte)'$', (byte)')', (byte)'A'] => CodeElement.Gb2312,
        _ => null,
    };

    private static CodeElement? SingleByte(byte final) => final switch
    {
        (byte)'A' => CodeElement.Latin1,
        (byte)'B' => CodeElement.Latin2,
        (byte)'C' => CodeElement.Latin3,
        (byte)'D' => CodeElement.Latin4,
        (byte)'L' => CodeElement.Cyrillic,
        (byte)'G' => CodeElement.Arabic,
        (byte)'F' => CodeElement.Greek,
        (byte)'H' => CodeElement.Hebrew,
        (byte)'M' => CodeElement.Latin5,
        (byte)'b' => CodeElement.Latin9,
        (byte)'T' => CodeElement.Thai,
        _ => null,
    };

    private static bool DesignatesG0(ReadOnlySpan<byte> sequence) =>
        sequence[0] == '(' || (sequence[0] == '$' && (sequence.Length == 2 || sequence[1] == '('));

    private static bool DesignatesG1(ReadOnlySpan<byte> sequence) =>
        sequence[0] is (byte)')' or (byte)'-' || (sequence[0] == '$' && sequence[1] is (byte)')' or (byte)'-');
}
