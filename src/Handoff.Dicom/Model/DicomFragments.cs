namespace Handoff.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table and the compressed fragments, kept as they
/// are. Handoff moves images; it never decodes them.
/// </summary>
public sealed class DicomFragments : DicomItem
{
    public DicomFragments(DicomTag tag, DicomVR vr, DicomValue offsetTable, IReadOnlyList<DicomValue> fragments) : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(offsetTable);
        ArgumentNullException.ThrowIfNull(fragments);
        OffsetTable = offsetTable;
        Fragments = fragments;
    }

    /// <summary>The first item's bytes: frame offsets as little endian uint32, often empty.</summary>
    public DicomValue OffsetTable { get; }

    public IReadOnlyList<DicomValue> Fragments { get; }

    public override string ToString() => $"{Tag} {VR.Code()} {Fragments.Count} fragment(s)";
}
