using Handoff.Contracts.Audit;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The sending cluster's audit of a relay: when the studies are held by the peer ("transfer.relay-out") and when
/// the peer's acknowledgement comes back ("transfer.relay-acknowledged"), in the source facility's log and the
/// operator log, naming the peer. The receiving cluster audits its side itself: every call of the peer is audited
/// there with the actor "facility@network".
/// </summary>
public sealed class RelayAudit
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly Auditing.IAuditSink? _sink;

    public RelayAudit(IGrainFactory grains, TimeProvider time, Auditing.IAuditSink? sink = null)
    {
        _grains = grains;
        _time = time;
        _sink = sink;
    }

    public Task WriteAsync(string action, string sourceFacilityId, Guid transferId, string peer, string detail)
    {
        var record = new AuditEventRecord(_time.GetUtcNow(), $"relay:{peer}", sourceFacilityId, action, "transfer", transferId.ToString(), "success", detail);
        _sink?.Offer(record);
        IReadOnlyList<AuditEventRecord> batch = [record];
        return Task.WhenAll(
            _grains.GetGrain<IAuditLogGrain>(sourceFacilityId).Append(batch),
            _grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.OperatorLog).Append(batch));
    }
}
