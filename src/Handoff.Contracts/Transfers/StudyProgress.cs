namespace Handoff.Contracts.Transfers;

/// <summary>What a study tells the transfers carrying it: instances that just became available, and its totals.</summary>
[GenerateSerializer, Immutable, Alias("handoff.StudyProgress")]
public sealed record StudyProgress(
    [property: Id(0)] string StudyInstanceUid,
    [property: Id(1)] IReadOnlyList<string> NewlyAvailableSopInstanceUids,
    [property: Id(2)] TransferStudyRecord Totals);
