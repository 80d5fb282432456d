using Handoff.Dicom;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Attribute matching as PS3.4 C.2.2.2 defines it, on the values a search result holds: an empty value or <c>*</c>
/// matches anything (universal matching); UIDs match any of a list (<c>,</c> or <c>\</c> separated); dates and
/// times match a range (<c>a-b</c>, <c>-b</c>, <c>a-</c>); other text matches with wildcards <c>*</c> and <c>?</c>,
/// case-insensitively for person names (as dcm4chee and Orthanc do); a multi-valued attribute (Modalities in Study)
/// matches when any value does. An attribute the result does not hold never matches a non-universal key.
/// </summary>
public static class QidoMatcher
{
    public static bool Matches(DicomDataset result, IReadOnlyList<(DicomTag Tag, string Value)> keys)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (tag, value) in keys)
        {
            if (!Matches(result, tag, value))
                return false;
        }
        return true;
    }

    private static bool Matches(DicomDataset result, DicomTag tag, string key)
    {
        if (key.Length == 0 || key == "*")
            return true;
        if (result.Find(tag) is not DicomElement element)
            return false;
        var values = result.GetStrings(tag);
        return element.VR switch
        {
            DicomVR.UI => key.Split(',', '\\').Any(uid => values.Contains(uid.Trim(), StringComparer.Ordinal)),
            DicomVR.DA or DicomVR.TM or DicomVR.DT => values.Any(v => InRange(v, key)),
            DicomVR.PN => values.Any(v => Wildcard(v, key, ignoreCase: true)),
            _ => values.Any(v => Wildcard(v, key, ignoreCase: false)),
        };
    }

    /// <summary>Range matching; dates and times of one VR compare as text (YYYYMMDD, HHMMSS.FFFFFF).</summary>
    private static bool InRange(string value, string key)
    {
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
            return string.Equals(value, key, StringComparison.Ordinal);
        var (low, high) = (key[..dash], key[(dash + 1)..]);
        return (low.Length == 0 || string.CompareOrdinal(value, low) >= 0)
            && (high.Length == 0 || string.CompareOrdinal(value[..Math.Min(value.Length, high.Length)], high) <= 0);
    }

    /// <summary><c>*</c> any run of characters, <c>?</c> one character; everything else literal.</summary>
    public static bool Wildcard(string value, string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(pattern);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int v = 0, p = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(value, v, pattern, p, 1, comparison) == 0))
            {
                v++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
