using System.ComponentModel.DataAnnotations;

namespace Handoff.Grains.Audit;

/// <summary>
/// How often the cluster countersigns each audit log's chain (<c>Handoff:Audit</c>): after
/// <see cref="CheckpointEvents"/> events, or with the first event more than <see cref="CheckpointInterval"/> after the
/// last checkpoint, whichever comes first. A log with no new events needs no new checkpoint (its head has not moved).
/// </summary>
public sealed class AuditChainOptions
{
    [Range(1, 1_000_000)]
    public int CheckpointEvents { get; set; } = 1000;

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(15);
}
