namespace Handoff.Contracts.Studies;

/// <summary>
/// What the server read from a complete instance's header. It has already checked that the SOP Instance UID is
/// the declared one and the Study Instance UID is the study's.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.VerifiedInstance")]
public sealed record VerifiedInstance(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string SopClassUid,
    [property: Id(2)] string SeriesInstanceUid,
    [property: Id(3)] string Modality,
    [property: Id(4)] string SeriesDescription,
    [property: Id(5)] int SeriesNumber,
    [property: Id(6)] int InstanceNumber,
    [property: Id(7)] StudyMetadata Study)
{
    /// <summary>Slice Thickness (0018,0050) in mm; null when the header has none (or not a usable number).</summary>
    [Id(8)]
    public double? SliceThickness { get; init; }
}
