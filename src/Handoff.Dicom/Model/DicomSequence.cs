namespace Handoff.Dicom;

/// <summary>An SQ element (or a UN element of undefined length, which holds an implicit VR sequence): its items in order.</summary>
public sealed class DicomSequence : DicomItem
{
    public DicomSequence(DicomTag tag, IReadOnlyList<DicomDataset> items, DicomVR vr = DicomVR.SQ) : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
    }

    public IReadOnlyList<DicomDataset> Items { get; }

    public override string ToString() => $"{Tag} SQ {Items.Count} item(s)";
}
