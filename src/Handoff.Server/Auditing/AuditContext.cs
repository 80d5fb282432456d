namespace Handoff.Server.Auditing;

/// <summary>Lets a service say what the current call touched: <c>context.Audit().Object("transfer", id)</c>.</summary>
public static class AuditContext
{
    public static AuditScope Audit(this ServerCallContext context) => AuditScope.Of(context);
}
