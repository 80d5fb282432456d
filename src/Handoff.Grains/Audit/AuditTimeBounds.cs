using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// The earliest and latest event time in a block of audit events. Events are appended roughly in time order, so a
/// log's blocks are roughly ordered by these too; an empty block has <see cref="Earliest"/> after <see cref="Latest"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.grains.AuditTimeBounds")]
public sealed record AuditTimeBounds(
    [property: Id(0)] DateTimeOffset Earliest,
    [property: Id(1)] DateTimeOffset Latest)
{
    public static AuditTimeBounds Of(IReadOnlyList<AuditEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var earliest = DateTimeOffset.MaxValue;
        var latest = DateTimeOffset.MinValue;
        for (var i = 0; i < events.Count; i++)
        {
            var at = events[i].At;
            if (at < earliest)
                earliest = at;
            if (at > latest)
                latest = at;
        }
        return new AuditTimeBounds(earliest, latest);
    }
}
