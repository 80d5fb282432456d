namespace Handoff.Dicom;

/// <summary>One entry of a data set: a primitive element, a sequence, or encapsulated pixel data.</summary>
public abstract class DicomItem
{
    protected DicomItem(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>Where the element's header starts in its source, for messages; -1 when built in memory.</summary>
    public long SourceOffset { get; init; } = -1;
}
