using Handoff.Contracts.Audit;

namespace Handoff.Server.Auditing;

/// <summary>Somewhere audit events go besides the logs (a syslog collector). Must return at once: callers are answering requests.</summary>
public interface IAuditSink
{
    void Offer(AuditEventRecord record);
}
