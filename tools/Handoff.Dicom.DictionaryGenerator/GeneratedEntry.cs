namespace Handoff.Dicom.DictionaryGenerator;

/// <summary>One dictionary row as it will be written; VRs are DicomVR member names.</summary>
internal sealed record GeneratedEntry(
    uint Tag,
    uint Mask,
    string Keyword,
    string Name,
    string VR,
    string AlternateVR,
    string ValueMultiplicity,
    bool Retired);
