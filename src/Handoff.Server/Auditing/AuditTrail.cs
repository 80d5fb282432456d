using Handoff.Contracts.Audit;
using Handoff.Server.Security;

namespace Handoff.Server.Auditing;

/// <summary>
/// Writes one audit event to every log it concerns: the caller's facility, the facilities whose data it touched,
/// and the operator log, which receives everything.
/// </summary>
public sealed class AuditTrail
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;

    public AuditTrail(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
    }

    public Task WriteAsync(Caller caller, string action, AuditScope scope, string outcome)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        // A refused caller's own log must not learn whose data it reached for: outside success the event names the
        // caller's facility. The owners' logs still receive it, so they see who tried.
        var facility = outcome == "success" ? scope.OwnerFacilityId ?? caller.FacilityId : caller.FacilityId ?? scope.OwnerFacilityId;
        var record = new AuditEventRecord(_time.GetUtcNow(), caller.Actor, facility ?? string.Empty, action,
            scope.ObjectType, scope.ObjectId, outcome, scope.Detail);
        var logs = new HashSet<string>(scope.ConcernedFacilities, StringComparer.Ordinal) { IAuditLogGrain.OperatorLog };
        if (caller.FacilityId is { } own)
            logs.Add(own);
        // A facility of a peer network ("facility@network") keeps its audit in its own network; here its part is in
        // the operator log, which names it (relayed in or out).
        logs.RemoveWhere(log => log.Contains('@', StringComparison.Ordinal));
        var writes = new List<Task>(logs.Count);
        IReadOnlyList<AuditEventRecord> batch = [record];
        foreach (var log in logs)
            writes.Add(_grains.GetGrain<IAuditLogGrain>(log).Append(batch));
        return Task.WhenAll(writes);
    }
}
