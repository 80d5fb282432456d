namespace Handoff.Contracts.Transfers;

/// <summary>
/// Creates a transfer. The transfer id is derived from (source, request id) by the caller
/// (<see cref="TransferIds.FromRequest"/>), so the same command twice lands on the same grain and returns the same transfer.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.CreateTransferCommand")]
public sealed record CreateTransferCommand(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string SourceFacilityId,
    [property: Id(2)] string DestinationFacilityId,
    [property: Id(3)] IReadOnlyList<string> StudyInstanceUids,
    [property: Id(4)] TransferPriority Priority,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateTimeOffset? ExpectedArrival,
    [property: Id(7)] string Actor)
{
    /// <summary>The source facility's issuer of patient IDs, looked up by the server when it creates the transfer.</summary>
    [Id(8)]
    public string? SourcePatientIdIssuer { get; init; }

    /// <summary>
    /// The W3C trace context (traceparent) of the call that created it, so work done later for the transfer (the relay to
    /// a peer network) continues the same trace; null when nobody was tracing.
    /// </summary>
    [Id(9)]
    public string? TraceParent { get; init; }
}
