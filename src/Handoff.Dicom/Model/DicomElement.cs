namespace Handoff.Dicom;

/// <summary>An element with a primitive value (anything but SQ and encapsulated pixel data).</summary>
public sealed class DicomElement : DicomItem
{
    public DicomElement(DicomTag tag, DicomVR vr, DicomValue value) : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public DicomValue Value { get; }

    public override string ToString() => $"{Tag} {VR.Code()} #{Value.Length}";
}
