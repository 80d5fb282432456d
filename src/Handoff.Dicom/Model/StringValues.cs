using System.Text;

namespace Handoff.Dicom;

/// <summary>Decoding, padding removal and value splitting for character string VRs (PS3.5 6.2).</summary>
internal static class StringValues
{
    private static readonly char[] SpaceAndNul = [' ', '\0'];

    public static string[] SplitCharacterSetTerms(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var terms = text.Split('\\');
        for (var i = 0; i < terms.Length; i++)
            terms[i] = terms[i].Trim(SpaceAndNul);
        return terms;
    }

    /// <summary>The whole value as text: character-set-aware for SH LO ST LT PN UC UT, Latin-1 (an ASCII superset) for the rest.</summary>
    public static string Decode(DicomDataset dataset, DicomElement element)
    {
        var bytes = element.Value.GetBytes().Span;
        if (bytes.IsEmpty)
            return string.Empty;
        return DicomVRInfo.UsesCharacterSet(element.VR)
            ? dataset.CharacterSet.Decode(bytes, element.VR)
            : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Removes the padding and the spaces the standard calls insignificant for the VR.</summary>
    public static string Trim(string value, DicomVR vr) => vr switch
    {
        // UI is padded with a trailing NUL (PS3.5 6.2); every other string VR with spaces, so a NUL in one of them is
        // part of its value, as dcmtk (dcm2json) keeps it: an Accession Number of two NULs is two NULs, not empty.
        DicomVR.UI => value.TrimEnd(SpaceAndNul),
        // Leading spaces are significant in these; trailing padding is not.
        DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UC or DicomVR.UR or DicomVR.PN => value.TrimEnd(' '),
        _ => value.Trim(' '),
    };

    /// <summary>Splits on backslash (except for the single-valued text VRs) and trims each value.</summary>
    public static string[] SplitValues(string value, DicomVR vr)
    {
        if (value.Length == 0)
            return [];
        if (DicomVRInfo.IsSingleValued(vr))
            return [Trim(value, vr)];
        var parts = value.Split('\\');
        for (var i = 0; i < parts.Length; i++)
            parts[i] = Trim(parts[i], vr);
        return parts;
    }
}
