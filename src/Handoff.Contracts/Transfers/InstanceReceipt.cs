namespace Handoff.Contracts.Transfers;

[GenerateSerializer, Immutable, Alias("handoff.InstanceReceipt")]
public sealed record InstanceReceipt(
    [property: Id(0)] string SopInstanceUid,
    [property: Id(1)] string ContentHash);
