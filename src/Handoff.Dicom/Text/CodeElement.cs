using System.Text;

namespace Handoff.Dicom.Text;

/// <summary>How the bytes of a graphic character set map to text once it is designated to G0 or G1.</summary>
internal enum CodeElementKind
{
    /// <summary>ISO 646 IRV (ISO-IR 6): bytes are their own code points.</summary>
    Ascii,

    /// <summary>JIS X 0201 Romaji (ISO-IR 14): ASCII except 05/12 is YEN SIGN and 07/14 is OVERLINE.</summary>
    JisRomaji,

    /// <summary>JIS X 0201 Katakana (ISO-IR 13) in G1: A1..DF map arithmetically onto the half-width katakana block.</summary>
    JisKatakana,

    /// <summary>A 96-character set in G1, decoded by a single-byte code page.</summary>
    SingleByte,

    /// <summary>JIS X 0208 (ISO-IR 87) in G0: pairs of 21..7E.</summary>
    JisX0208,

    /// <summary>JIS X 0212 (ISO-IR 159) in G0: pairs of 21..7E.</summary>
    JisX0212,

    /// <summary>A 94x94 set in G1 (KS X 1001, GB 2312): pairs of A1..FE, exactly the EUC form its code page decodes.</summary>
    DoubleByteG1,
}

/// <summary>
/// One graphic character set that an escape sequence or a defined term can designate. Instances are
/// shared and immutable apart from the lazily created <see cref="Encoding"/>: the CJK code page tables
/// are large, so a process that only ever sees Latin-1 never loads them.
/// </summary>
internal sealed class CodeElement
{
    public static readonly CodeElement Ascii = new(CodeElementKind.Ascii, 0);
    public static readonly CodeElement JisRomaji = new(CodeElementKind.JisRomaji, 0);
    public static readonly CodeElement JisKatakana = new(CodeElementKind.JisKatakana, 0);

    // EUC-JP as Windows code page 20932 is the one .NET table that holds both JIS X 0208 and JIS X 0212
    // (51932 has no JIS X 0212), and its JIS X 0208 mapping is the standard one (WAVE DASH, not
    // FULLWIDTH TILDE). See Iso2022Decoder.DecodeJis for how the 7-bit pairs are mapped onto it.
    public static readonly CodeElement JisX0208 = new(CodeElementKind.JisX0208, 20932);
    public static readonly CodeElement JisX0212 = new(CodeElementKind.JisX0212, 20932);

    // 949 and 936 are supersets of EUC-KR and EUC-CN; only bytes >= 0x80 ever reach them.
    public static readonly CodeElement KsX1001 = new(CodeElementKind.DoubleByteG1, 949);
    public static readonly CodeElement Gb2312 = new(CodeElementKind.DoubleByteG1, 936);

    public static readonly CodeElement Latin1 = new(CodeElementKind.SingleByte, 28591);
    public static readonly CodeElement Latin2 = new(CodeElementKind.SingleByte, 28592);
    public static readonly CodeElement Latin3 = new(CodeElementKind.SingleByte, 28593);
    public static readonly CodeElement Latin4 = new(CodeElementKind.SingleByte, 28594);
    public static readonly CodeElement Cyrillic = new(CodeElementKind.SingleByte, 28595);
    public static readonly CodeElement Arabic = new(CodeElementKind.SingleByte, 28596);
    public static readonly CodeElement Greek = new(CodeElementKind.SingleByte, 28597);
    public static readonly CodeElement Hebrew = new(CodeElementKind.SingleByte, 28598);
    public static readonly CodeElement Latin5 = new(CodeElementKind.SingleByte, 28599);
    public static readonly CodeElement Latin9 = new(CodeElementKind.SingleByte, 28605);

    // TIS-620 has no .NET code page of its own; windows-874 agrees with it on every TIS-620 code
    // and only adds characters in 80..9F, which TIS-620 leaves unassigned.
    public static readonly CodeElement Thai = new(CodeElementKind.SingleByte, 874);

    private readonly int _codePage;
    private Encoding? _encoding;

    private CodeElement(CodeElementKind kind, int codePage)
    {
        Kind = kind;
        _codePage = codePage;
    }

    public CodeElementKind Kind { get; }

    /// <summary>True for the G0 sets whose characters take two bytes, where 05/12, 05/14 and 03/13 are not delimiters.</summary>
    public bool IsDoubleByteG0 => Kind is CodeElementKind.JisX0208 or CodeElementKind.JisX0212;

    /// <summary>
    /// The decoder for the set. Only meaningful for kinds backed by a code page. A race creates two
    /// equal instances at worst; encodings are immutable and thread-safe, so no lock is needed.
    /// </summary>
    public Encoding Encoding => _encoding ??= CodePages.Get(_codePage);
}
