using Handoff.Contracts.Audit;

namespace Handoff.Grains.Audit;

/// <summary>
/// Audits data the cluster deletes by itself when retention ends (a transfer expiring, a study's instances removed):
/// one event by the actor "system" in the log of each facility concerned and in the operator log. Written before the
/// deletion and awaited, so a failed write leaves the data (and the reminder that retries) rather than an unaudited
/// deletion; a retry may audit the same expiry twice, never zero times.
/// </summary>
internal static class RetentionAudit
{
    public const string SystemActor = "system";

    public static Task RecordAsync(IGrainFactory grains, string action, string objectType, string objectId, string ownerFacility,
        IEnumerable<string> facilities, string detail)
    {
        var record = new AuditEventRecord(DateTimeOffset.UtcNow, SystemActor, ownerFacility, action, objectType, objectId, "success", detail);
        var logs = new List<string> { IAuditLogGrain.OperatorLog };
        foreach (var facility in facilities)
        {
            // A peer network's facility ("id@network") keeps its audit there; the operator log names it here.
            if (!string.IsNullOrEmpty(facility) && !facility.Contains('@', StringComparison.Ordinal) && !logs.Contains(facility))
                logs.Add(facility);
        }
        var writes = new Task[logs.Count];
        for (var i = 0; i < writes.Length; i++)
            writes[i] = grains.GetGrain<IAuditLogGrain>(logs[i]).Append([record]);
        return Task.WhenAll(writes);
    }
}
