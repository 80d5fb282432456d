using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Facilities;

/// <summary>
/// A facility as stored. The API key itself is never here: only a random salt and SHA-256(salt || key), which is
/// enough for 256-bit random keys (nobody can guess one, so slow hashing would only cost every request).
/// </summary>
[GenerateSerializer, Alias("handoff.grains.FacilityGrainState")]
public sealed class FacilityGrainState
{
    [Id(0)]
    public bool Registered { get; set; }

    [Id(1)]
    public string DisplayName { get; set; } = "";

    [Id(2)]
    public string PatientIdIssuer { get; set; } = "";

    [Id(3)]
    public bool Disabled { get; set; }

    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(5)]
    public byte[] KeySalt { get; set; } = [];

    [Id(6)]
    public byte[] KeyHash { get; set; } = [];

    [Id(7)]
    public DateTimeOffset KeyIssuedAt { get; set; }

    /// <summary>Transfer ids in the order they arrived (oldest first).</summary>
    [Id(8)]
    public List<Guid> Inbox { get; set; } = [];

    [Id(9)]
    public List<Guid> Outbox { get; set; } = [];

    /// <summary>The newest inbox events, sequences contiguous and renumbered for this log.</summary>
    [Id(10)]
    public List<TransferEventRecord> InboxEvents { get; set; } = [];
}
