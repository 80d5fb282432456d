using Handoff.Contracts.Audit;
using Handoff.Server.Security;

namespace Handoff.Server.Auditing;

/// <summary>
/// Writes one audit event to every log it concerns: the caller's facility, the facilities whose data it touched,
/// and the operator log, which receives everything.
/// </summary>
/// <remarks>
/// What the caller waits for depends on the outcome. A successful call waits for every log. Any other call (refused,
/// not found, invalid, cancelled, failed) waits for exactly the caller's log and the operator log, whether or not the
/// object it named exists: the operator copy makes the evidence durable, and the answer for someone else's transfer
/// takes as long as for one that does not exist. The copies for the owner and the other facilities concerned (so
/// they see who reached for their data) follow after the answer, in the background with retries.
/// </remarks>
public sealed class AuditTrail
{
    private readonly AuditLogWriter _writer;
    private readonly AuditBackgroundWriter _background;
    private readonly TimeProvider _time;
    private readonly IAuditSink? _sink;

    public AuditTrail(AuditLogWriter writer, AuditBackgroundWriter background, TimeProvider time, IAuditSink? sink = null)
    {
        _writer = writer;
        _background = background;
        _time = time;
        _sink = sink;
    }

    /// <summary>
    /// Writes the event; true when every log the call waits for has it durably. A log that could not be written is
    /// retried in the background, so the event is not lost; a successful call must still not be answered as such.
    /// </summary>
    public async Task<bool> WriteAsync(Caller caller, string action, AuditScope scope, string outcome)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        var success = outcome == AuditedActions.Success;
        // A refused caller's own log must not learn whose data it reached for: outside success the event names the
        // caller's facility. The owners' logs still receive it, so they see who tried.
        var facility = success ? scope.OwnerFacilityId ?? caller.FacilityId : caller.FacilityId ?? scope.OwnerFacilityId;
        var record = new AuditEventRecord(_time.GetUtcNow(), caller.Actor, facility ?? string.Empty, action,
            scope.ObjectType, scope.ObjectId, outcome, scope.Detail) { NetworkAddress = scope.NetworkAddress };

        _sink?.Offer(record);
        var awaited = new List<string>(4) { IAuditLogGrain.OperatorLog };
        AddLocal(awaited, caller.FacilityId);
        var later = new List<string>(scope.ConcernedFacilities.Count);
        foreach (var concerned in scope.ConcernedFacilities)
            AddLocal(success ? awaited : later, concerned);
        later.RemoveAll(awaited.Contains);

        var writes = new Task[awaited.Count];
        for (var i = 0; i < writes.Length; i++)
            writes[i] = _writer.WriteAsync(awaited[i], record);
        var durable = true;
        for (var i = 0; i < writes.Length; i++)
        {
            try
            {
                await writes[i];
            }
            catch (Exception)
            {
                // Written in the background instead; the caller hears of it only if its call succeeded.
                later.Add(awaited[i]);
                durable = false;
            }
        }
        _background.Write(record, later);
        return durable;
    }

    /// <summary>
    /// Adds a log once. A facility of a peer network ("facility@network") keeps its audit in its own network; here its
    /// part is in the operator log, which names it (relayed in or out).
    /// </summary>
    private static void AddLocal(List<string> logs, string? facilityId)
    {
        if (facilityId is not null && !facilityId.Contains('@', StringComparison.Ordinal) && !logs.Contains(facilityId))
            logs.Add(facilityId);
    }
}
