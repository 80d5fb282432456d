namespace Handoff.Contracts.Transfers;

/// <summary>
/// A transfer's forecast against the patient's expected arrival: when the destination is predicted to have every
/// image (from measured rates; null while nothing has been measured yet, or when the link is stalled), whether that
/// is too close to the arrival (at risk), whether the arrival passed first (late), and the numbers behind it in words.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.ArrivalForecastRecord")]
public sealed record ArrivalForecastRecord(
    [property: Id(0)] DateTimeOffset? PredictedReady,
    [property: Id(1)] bool AtRisk,
    [property: Id(2)] bool Late,
    [property: Id(3)] string Basis);
