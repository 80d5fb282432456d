using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Security;

namespace Handoff.Server.DicomWeb;

/// <summary>
/// Audit events for DICOMweb reads (search, retrieve, metadata, rendered): the caller (the facility, or the signed-in user), the action, the
/// study (never a query value, which may be a patient ID) and the facilities whose studies were read, through the
/// same <see cref="AuditTrail"/> as every gRPC call. A read whose event cannot be written is not answered (503).
/// </summary>
public sealed class DicomWebAudit
{
    public const string Search = "dicomweb.search";
    public const string Retrieve = "dicomweb.retrieve";
    public const string Metadata = "dicomweb.metadata";
    public const string Refused = "dicomweb.request";

    private readonly AuditTrail _trail;
    private readonly IHttpContextAccessor? _http;

    public DicomWebAudit(AuditTrail trail, IHttpContextAccessor? http = null)
    {
        _trail = trail;
        _http = http;
    }

    /// <summary>Writes the event of a successful read; 503 (the answer withheld) when it could not be made durable.</summary>
    public async Task SucceededAsync(Caller caller, string action, string objectType, string objectId, IEnumerable<string> owners, string detail)
    {
        if (!await WriteAsync(caller, action, objectType, objectId, owners, AuditedActions.Success, detail).ConfigureAwait(false))
            throw new UnavailableException(UnavailableException.AuditUnavailableReason, AuditInterceptor.AuditUnavailableMessage);
    }

    /// <summary>Writes the event; false when it could not be made durable (the answer must then be withheld).</summary>
    public Task<bool> WriteAsync(Caller caller, string action, string objectType, string objectId, IEnumerable<string> owners, string outcome, string detail)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var scope = new AuditScope().Object(objectType, objectId);
        foreach (var owner in owners.Distinct(StringComparer.Ordinal))
            scope.Concerning(owner);
        scope.Detail = detail;
        scope.NetworkAddress = _http?.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        return _trail.WriteAsync(caller, action, scope, outcome);
    }
}
