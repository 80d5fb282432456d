namespace Handoff.Dicom.Text;

/// <summary>What one term of (0008,0005) selects.</summary>
/// <param name="G0">The set invoked for bytes 21..7E when a value starts.</param>
/// <param name="G1">The set invoked for bytes A0..FF when a value starts.</param>
/// <param name="WholeValueCodePage">Non-zero when, used alone, the term is one plain code page for the whole value.</param>
/// <param name="ExcludesCodeExtensions">UTF-8, GB18030 and GBK: multi-byte sets whose trail bytes may be 05/12 or 1B, so they cannot take part in ISO 2022.</param>
internal readonly record struct CharacterSetTerm(
    CodeElement G0, CodeElement G1, int WholeValueCodePage, bool ExcludesCodeExtensions);

/// <summary>The defined terms of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5).</summary>
internal static class CharacterSetTerms
{
    /// <summary>ISO-IR 6, and the stand-in for an unknown term.</summary>
    /// <remarks>
    /// G1 is Latin-1 rather than "nothing": bytes above 7F with no G1 designated are invalid, but in
    /// practice they are Latin-1 far more often than anything else, and the decode must not fail.
    /// </remarks>
    public static readonly CharacterSetTerm Default = new(CodeElement.Ascii, CodeElement.Latin1, CodePages.Latin1, false);

    /// <summary>
    /// Looks a term up. Spelling is matched leniently (case, and the separators ' ', '_' and '-'
    /// ignored), because "ISO-IR 100" and "ISO_IR100" are common in the wild and mean only one thing.
    /// </summary>
    /// <param name="term">One trimmed value of (0008,0005).</param>
    /// <param name="result">What the term selects; <see cref="Default"/> when it is unknown.</param>
    /// <param name="isIso2022Form">True for the "ISO 2022 IR n" spelling, which announces code extensions.</param>
    public static bool TryParse(string term, out CharacterSetTerm result, out bool isIso2022Form)
    {
        result = Default;
        isIso2022Form = false;
        Span<char> compact = stackalloc char[16];
        var length = 0;
        foreach (var c in term)
        {
            if (c is ' ' or '_' or '-')
                continue;
            if (length == compact.Length)
                return false;
            compact[length++] = char.ToUpperInvariant(c);
        }

        ReadOnlySpan<char> key = compact[..length];
        if (key.StartsWith("ISO"))
            key = key[3..];
        if (key.StartsWith("2022"))
        {
            isIso2022Form = true;
            key = key[4..];
        }
        if (key.StartsWith("IR"))
            key = key[2..];

        CharacterSetTerm? found = key switch
        {
            "" or "6" => Default,
            "100" => SingleByte(CodeElement.Latin1, CodePages.Latin1),
            "101" => SingleByte(CodeElement.Latin2, 28592),
            "109" => SingleByte(CodeElement.Latin3, 28593),
            "110" => SingleByte(CodeElement.Latin4, 28594),
            "144" => SingleByte(CodeElement.Cyrillic, 28595),
            "127" => SingleByte(CodeElement.Arabic, 28596),
            "126" => SingleByte(CodeElement.Greek, 28597),
            "138" => SingleByte(CodeElement.Hebrew, 28598),
            "148" => SingleByte(CodeElement.Latin5, 28599),
            "203" => SingleByte(CodeElement.Latin9, 28605),
            "166" => SingleByte(CodeElement.Thai, 874),
            // JIS X 0201 has no single .NET code page (932 would read the katakana range as lead bytes).
            "13" => new CharacterSetTerm(CodeElement.JisRomaji, CodeElement.JisKatakana, 0, false),
            // Multi-byte G0 sets may not be value 1 (the delimiters would become ambiguous), so as
            // the first term they leave the initial state at ISO-IR 6 and act only through escapes.
            "87" or "159" => Default with { WholeValueCodePage = 0 },
            "149" => new CharacterSetTerm(CodeElement.Ascii, CodeElement.KsX1001, 0, false),
            "58" => new CharacterSetTerm(CodeElement.Ascii, CodeElement.Gb2312, 0, false),
            "192" => Unextendable(CodePages.Utf8),
            "GB18030" => Unextendable(CodePages.Gb18030),
            "GBK" => Unextendable(CodePages.Gbk),
            _ => null,
        };
        if (found is null)
            return false;
        result = found.Value;
        return true;
    }

    private static CharacterSetTerm SingleByte(CodeElement g1, int codePage) => new(CodeElement.Ascii, g1, codePage, false);

    private static CharacterSetTerm Unextendable(int codePage) => new(CodeElement.Ascii, CodeElement.Latin1, codePage, true);
}
