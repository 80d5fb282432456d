using Handoff.Contracts.Audit;
using Handoff.Contracts.Errors;
using Handoff.Protos.V1;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Auditing;

/// <summary>
/// Reading the audit trail a page at a time, newest first, optionally within a time range: a facility reads its own
/// log; the operator reads the operator log (every event) or one facility's. Nothing is ever dropped from a log, so
/// paging on reaches its first event.
/// </summary>
public sealed class AuditService : V1.Audit.AuditBase
{
    private readonly IGrainFactory _grains;

    public AuditService(IGrainFactory grains)
    {
        _grains = grains;
    }

    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var log = caller.IsOperator ? OperatorChoice(request.FacilityId) : OwnLog(caller.FacilityId!, request.FacilityId);
        var page = await _grains.GetGrain<IAuditLogGrain>(log).Query(request.ToQuery(log));
        var response = new ListAuditEventsResponse();
        foreach (var entry in page.Entries)
            response.Events.Add(entry.ToProto());
        if (page.ResumeBefore is { } resume)
            response.NextPageToken = AuditPageToken.Create(log, resume);
        else if (page.HasMore && page.Entries.Count > 0)
            response.NextPageToken = AuditPageToken.Create(log, page.Entries[^1].Sequence);
        return response;
    }

    private static string OperatorChoice(string facilityId) =>
        string.IsNullOrEmpty(facilityId) ? IAuditLogGrain.OperatorLog : RequestFields.FacilityId(facilityId, "facility_id");

    private static string OwnLog(string callerFacility, string requested)
    {
        if (!string.IsNullOrEmpty(requested) && !string.Equals(requested, callerFacility, StringComparison.Ordinal))
            throw DomainException.Denied("a facility reads only its own audit events; leave facility_id empty");
        return callerFacility;
    }
}
