namespace Handoff.Contracts.Audit;

/// <summary>One access to patient data: who, on behalf of which facility, what, on which object, and how it ended.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AuditEventRecord")]
public sealed record AuditEventRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string FacilityId,
    [property: Id(3)] string Action,
    [property: Id(4)] string ObjectType,
    [property: Id(5)] string ObjectId,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string Detail)
{
    /// <summary>The caller's IP address as the server saw it (gRPC calls); empty when not known.</summary>
    [Id(8)]
    public string NetworkAddress { get; init; } = string.Empty;
}
