namespace Handoff.Dicom;

/// <summary>
/// A PN value (PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic) separated by '=',
/// each with up to five components (family, given, middle, prefix, suffix) separated by '^'.
/// </summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public static DicomPersonName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var groups = value.Split('=');
        return new DicomPersonName(
            groups[0].TrimEnd(' '),
            groups.Length > 1 ? groups[1].TrimEnd(' ') : string.Empty,
            groups.Length > 2 ? groups[2].TrimEnd(' ') : string.Empty);
    }

    public DicomPersonNameComponents AlphabeticComponents => DicomPersonNameComponents.Parse(Alphabetic);
    public DicomPersonNameComponents IdeographicComponents => DicomPersonNameComponents.Parse(Ideographic);
    public DicomPersonNameComponents PhoneticComponents => DicomPersonNameComponents.Parse(Phonetic);

    public string FamilyName => AlphabeticComponents.Family;
    public string GivenName => AlphabeticComponents.Given;

    public override string ToString()
    {
        if (Phonetic.Length > 0)
            return $"{Alphabetic}={Ideographic}={Phonetic}";
        return Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}" : Alphabetic;
    }
}
