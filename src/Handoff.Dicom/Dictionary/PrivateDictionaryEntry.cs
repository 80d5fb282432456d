namespace Handoff.Dicom.Dictionary;

/// <summary>
/// A private data element as its creator defines it: odd groups <paramref name="GroupLow"/> to <paramref name="GroupHigh"/>
/// (one group for most), the Private Creator value that reserves the block, the element's offset within the block (the
/// low byte of its element number), and its VR, keyword and VM.
/// </summary>
public sealed record PrivateDictionaryEntry(ushort GroupLow, ushort GroupHigh, string Creator, byte ElementOffset, DicomVR VR, string Keyword, string ValueMultiplicity);
