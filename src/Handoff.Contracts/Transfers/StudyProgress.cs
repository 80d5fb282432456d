namespace Handoff.Contracts.Transfers;

/// <summary>What a study tells the transfers carrying it: instances that just became available, and its totals.</summary>
[GenerateSerializer, Immutable, Alias("handoff.StudyProgress")]
public sealed record StudyProgress(
    [property: Id(0)] string StudyInstanceUid,
    [property: Id(1)] IReadOnlyList<string> NewlyAvailableSopInstanceUids,
    [property: Id(2)] TransferStudyRecord Totals)
{
    /// <summary>
    /// Bytes of the study's declared instances already in the chunk store (verified instances whole, others by their
    /// stored chunks): what the transfer measures the upload rate from. 0 from a study that does not say.
    /// </summary>
    [Id(26)]
    public long BytesStored { get; init; }
}
