using System.Text;

namespace Handoff.Dicom.Text;

/// <summary>
/// The Specific Character Set (0008,0005) of a data set (PS3.3 C.12.1.1.2, PS3.5 6.1), turning the raw
/// bytes of SH LO ST LT UC UT PN values into text. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Decoding is total: malformed escape sequences, truncated multi-byte characters and unknown terms give
/// U+FFFD or Latin-1 text, never an exception, because one bad byte must not make a study unreadable.
/// Not supported: ISO 2022 G2/G3, single and locking shifts, which DICOM does not use; JIS X 0212 comes
/// from .NET's code page 20932, see <see cref="JisDecoder"/>.
/// </remarks>
public sealed class DicomCharacterSet
{
    // Set when every value decodes with one plain code page; otherwise the ISO 2022 decoder runs.
    private readonly Encoding? _wholeValue;
    private readonly CodeElement _initialG0;
    private readonly CodeElement _initialG1;

    private DicomCharacterSet(string[] terms, bool hasUnknownTerms)
    {
        Terms = terms;
        HasUnknownTerms = hasUnknownTerms;
        // An unknown first term yields Default, which is exactly the Latin-1 fallback wanted.
        _ = CharacterSetTerms.TryParse(terms.Length == 0 ? string.Empty : terms[0], out var first, out var iso2022Form);
        _initialG0 = first.G0;
        _initialG1 = first.G1;

        // UTF-8, GB18030 and GBK forbid code extensions, so any further terms are ignored. One plain
        // term needs no escape handling at all.
        if (first.ExcludesCodeExtensions || (terms.Length <= 1 && !iso2022Form && first.WholeValueCodePage != 0))
            _wholeValue = CodePages.Get(first.WholeValueCodePage);
        else
            IsIso2022 = terms.Length > 1 || iso2022Form;
    }

    /// <summary>The default repertoire (ISO-IR 6), used when (0008,0005) is absent or empty.</summary>
    public static DicomCharacterSet Default { get; } = new([], hasUnknownTerms: false);

    /// <summary>The values of (0008,0005), trimmed, as given to <see cref="FromTerms"/>.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>True when values may contain ISO 2022 escape sequences that switch character sets.</summary>
    public bool IsIso2022 { get; }

    /// <summary>True when a term is not a defined term; bytes in such a set decode as Latin-1.</summary>
    public bool HasUnknownTerms { get; }

    /// <summary>Builds the character set for the values of (0008,0005); the first may be empty (ISO 2022 with ISO-IR 6 in G0).</summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var copy = new string[terms.Count];
        var unknown = false;
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = (terms[i] ?? string.Empty).Trim();
            unknown |= !CharacterSetTerms.TryParse(copy[i], out _, out _);
        }
        return new DicomCharacterSet(copy, unknown);
    }

    /// <summary>
    /// Decodes a whole value: multiple values stay joined by '\', PN groups by '=' and components by
    /// '^', and padding is left for the caller to trim. VRs other than SH LO ST LT UC UT PN use the
    /// default repertoire.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        TextDelimiters delimiters;
        switch (vr)
        {
            case DicomVR.PN:
                delimiters = TextDelimiters.PersonName;
                break;
            case DicomVR.SH or DicomVR.LO or DicomVR.UC:
                delimiters = TextDelimiters.Values;
                break;
            case DicomVR.ST or DicomVR.LT or DicomVR.UT:
                delimiters = TextDelimiters.ControlsOnly;
                break;
            default:
                return Encoding.Latin1.GetString(value);
        }

        if (_wholeValue is not null)
            return WholeValueDecoder.Decode(_wholeValue, value);

        // Without ESC nothing can switch sets, so all-ASCII bytes under an ASCII G0 are their own
        // text and take the vectorised path (ESC is ASCII too, hence its own check).
        if (_initialG0.Kind == CodeElementKind.Ascii && value.IndexOf(EscapeSequences.Esc) < 0 && Ascii.IsValid(value))
            return Encoding.Latin1.GetString(value);
        return Iso2022Decoder.Decode(value, _initialG0, _initialG1, delimiters);
    }

    /// <inheritdoc />
    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6" : string.Join('\\', Terms);
}
