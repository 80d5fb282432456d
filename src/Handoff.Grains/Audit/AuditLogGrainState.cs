using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// The recent end of an audit log, plus which sealed segments hold the older events: segments numbered
/// <see cref="FirstSegment"/> up to (not including) <see cref="NextSegment"/>, oldest first, laid out by <see cref="Eras"/>.
/// </summary>
[GenerateSerializer, Alias("handoff.grains.AuditLogGrainState")]
public sealed class AuditLogGrainState
{
    /// <summary>The newest events not sealed into a segment yet, oldest first.</summary>
    [Id(0)]
    public List<AuditEventRecord> Recent { get; set; } = [];

    /// <summary>0, except in logs that earlier versions truncated (they deleted the segments below this one).</summary>
    [Id(1)]
    public long FirstSegment { get; set; }

    [Id(2)]
    public long NextSegment { get; set; }

    /// <summary>Segment sizes by segment number (see <see cref="AuditSegmentLayout"/>); empty in logs written before eras.</summary>
    [Id(3)]
    public List<AuditSegmentEra> Eras { get; set; } = [];

    /// <summary>The chain hash of each event of <see cref="Recent"/> (empty text for an event from before the chain).</summary>
    [Id(4)]
    public List<string> RecentHashes { get; set; } = [];

    /// <summary>The chain's head: the hash of the newest event; null in a log not chained yet (new, or from before the chain).</summary>
    [Id(5)]
    public string? Head { get; set; }

    /// <summary>The hash <see cref="Recent"/>'s first event commits to (empty before the chain).</summary>
    [Id(6)]
    public string RecentPrevious { get; set; } = string.Empty;

    /// <summary>The sequence of the first chained event: 0, or where a log from before the chain started it.</summary>
    [Id(7)]
    public long ChainStart { get; set; }

    /// <summary>Events appended since the last checkpoint (the checkpoints themselves not counted).</summary>
    [Id(8)]
    public int SinceCheckpoint { get; set; }

    /// <summary>When the last checkpoint was signed; null before the first.</summary>
    [Id(9)]
    public DateTimeOffset? LastCheckpointAt { get; set; }
}
