namespace Handoff.Contracts.Audit;

/// <summary>
/// Which events of an audit log to read, newest first: at most <see cref="Limit"/>, with a sequence number below
/// <see cref="BeforeSequence"/> (null: from the newest), and with a time at or after <see cref="Since"/> and before
/// <see cref="Until"/> when those are given; only those of <see cref="Actor"/>, and only those about one of
/// <see cref="ObjectIds"/>, when given.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] int Limit,
    [property: Id(1)] long? BeforeSequence = null,
    [property: Id(2)] DateTimeOffset? Since = null,
    [property: Id(3)] DateTimeOffset? Until = null)
{
    /// <summary>Only events of this actor ("facility/username", a facility id, "operator"); all when null.</summary>
    [Id(4)]
    public string? Actor { get; init; }

    /// <summary>Only events about one of these objects (transfer ids, study UIDs); all when null or empty.</summary>
    [Id(5)]
    public IReadOnlyList<string>? ObjectIds { get; init; }

    /// <summary>Also the cluster's checkpoint events (<see cref="AuditChain.CheckpointAction"/>): a verifier needs them, people rarely.</summary>
    [Id(6)]
    public bool IncludeCheckpoints { get; init; }
}
