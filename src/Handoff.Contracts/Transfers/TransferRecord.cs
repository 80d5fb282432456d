namespace Handoff.Contracts.Transfers;

[GenerateSerializer, Immutable, Alias("handoff.TransferRecord")]
public sealed record TransferRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string SourceFacilityId,
    [property: Id(2)] string DestinationFacilityId,
    [property: Id(3)] TransferPriority Priority,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset? ExpectedArrival,
    [property: Id(6)] TransferStatus State,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt,
    [property: Id(10)] IReadOnlyList<TransferStudyRecord> Studies,
    [property: Id(11)] IReadOnlyList<TransferEventRecord> Timeline,
    [property: Id(12)] AcknowledgementRecord? Acknowledgement)
{
    /// <summary>The patient's identity at the destination, once it reconciled it.</summary>
    [Id(13)]
    public PatientReconciliationRecord? Reconciliation { get; init; }

    /// <summary>The source facility's issuer of patient IDs as it was when the transfer was created ("" when unknown).</summary>
    [Id(14)]
    public string? SourcePatientIdIssuer { get; init; }

    /// <summary>The W3C traceparent of the call that created the transfer; null when it was not traced.</summary>
    [Id(15)]
    public string? TraceParent { get; init; }

    /// <summary>What the transfer misses although its sender is done (rules not met, studies not whole); null or empty when nothing.</summary>
    [Id(20)]
    public IReadOnlyList<CompletenessFinding>? Completeness { get; init; }

    /// <summary>When the destination is predicted to have every image, and whether that is in time for the patient; null without an expected arrival.</summary>
    [Id(26)]
    public ArrivalForecastRecord? Arrival { get; init; }
}
