namespace Handoff.Dicom.Dictionary;

/// <summary>
/// One attribute of the data dictionary (PS3.6). <see cref="Tag"/> is the tag with any repeating-group
/// or repeating-element 'x' digits set to zero; <see cref="Mask"/> has 0 bits where the tag has 'x' digits
/// (0xFFFFFFFF for an ordinary tag), so an entry matches a tag t when (t &amp; Mask) == Tag.
/// <see cref="VR"/> is the first VR listed; <see cref="AlternateVR"/> the second for the
/// context-dependent "US or SS" / "OB or OW" entries (None otherwise).
/// </summary>
public sealed record DicomDictionaryEntry(
    uint Tag,
    uint Mask,
    string Keyword,
    string Name,
    DicomVR VR,
    DicomVR AlternateVR,
    string ValueMultiplicity,
    bool Retired);
