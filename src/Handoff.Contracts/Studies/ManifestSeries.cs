namespace Handoff.Contracts.Studies;

[GenerateSerializer, Immutable, Alias("handoff.ManifestSeries")]
public sealed record ManifestSeries(
    [property: Id(0)] string SeriesInstanceUid,
    [property: Id(1)] string Modality,
    [property: Id(2)] string Description,
    [property: Id(3)] int SeriesNumber);
