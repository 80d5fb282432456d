namespace Handoff.Contracts.Transfers;

/// <summary>
/// Something a transfer misses although its sender said it is done: a destination's completeness rule that no carried
/// series satisfies (<see cref="Rule"/> names it), or a study with fewer instances than expected or with Instance
/// Number gaps (<see cref="Rule"/> empty, <see cref="StudyInstanceUid"/> names the study). Never patient data.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.CompletenessFinding")]
public sealed record CompletenessFinding(
    [property: Id(0)] string Rule,
    [property: Id(1)] string StudyInstanceUid,
    [property: Id(2)] string Detail);
