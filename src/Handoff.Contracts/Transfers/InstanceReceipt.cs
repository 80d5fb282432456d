namespace Handoff.Contracts.Transfers;

/// <summary>
/// The destination's content hash of one instance. <see cref="StudyInstanceUid"/> may be empty (older clients); the
/// instance is then found by its SOP Instance UID alone, which works only when that UID is unique in the transfer.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.InstanceReceipt")]
public sealed record InstanceReceipt(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string ContentHash,
    [property: Id(2)] string StudyInstanceUid = "");
