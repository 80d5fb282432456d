namespace Handoff.Contracts.Transfers;

/// <summary>One entry of a transfer's timeline (or of an inbox log, which renumbers <see cref="Sequence"/>).</summary>
[GenerateSerializer, Immutable, Alias("handoff.TransferEventRecord")]
public sealed record TransferEventRecord(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Guid TransferId,
    [property: Id(2)] TransferEventKind Kind,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Actor,
    [property: Id(5)] string StudyInstanceUid,
    [property: Id(6)] string SopInstanceUid,
    [property: Id(7)] TransferStatus State,
    [property: Id(8)] string Detail);
