using Handoff.Contracts.Audit;
using Handoff.Contracts.Errors;
using Handoff.Grains.Audit;
using Handoff.Protos.V1;
using Handoff.Server.Auditing.Chain;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using Microsoft.Extensions.Options;
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
    private readonly ClusterSigningKey _signingKey;
    private readonly AuditChainOptions _chain;

    public AuditService(IGrainFactory grains, ClusterSigningKey signingKey, IOptions<AuditChainOptions> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _grains = grains;
        _signingKey = signingKey;
        _chain = chain.Value;
    }

    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var log = caller.IsOperator ? OperatorChoice(request.FacilityId) : OwnLog(caller.FacilityId!, request.FacilityId);
        var query = request.ToQuery(log);
        // Reading the trail is itself audited (the event names the log read, never what it returned).
        context.Audit().Object("audit-log", log).Detail = ReadDetail(request);
        if (log != IAuditLogGrain.OperatorLog)
            context.Audit().OwnedBy(log); // the facility sees who read its trail, the operator included
        var page = await _grains.GetGrain<IAuditLogGrain>(log).Query(query);
        var response = new ListAuditEventsResponse { LogId = log };
        foreach (var entry in page.Entries)
            response.Events.Add(entry.ToProto());
        if (page.ResumeBefore is { } resume)
            response.NextPageToken = AuditPageToken.Create(log, resume);
        else if (page.HasMore && page.Entries.Count > 0)
            response.NextPageToken = AuditPageToken.Create(log, page.Entries[^1].Sequence);
        return response;
    }

    public override Task<GetAuditSigningKeysResponse> GetAuditSigningKeys(GetAuditSigningKeysRequest request, ServerCallContext context)
    {
        context.GetCaller();
        var response = new GetAuditSigningKeysResponse { CheckpointEvents = _chain.CheckpointEvents };
        response.Keys.Add(new V1.AuditSigningKey { KeyId = _signingKey.KeyId, PublicKeyPem = _signingKey.PublicKeyPem });
        return Task.FromResult(response);
    }

    /// <summary>Which slice was read: the filters as given (ids and times, no patient data), on one line.</summary>
    private static string ReadDetail(ListAuditEventsRequest request)
    {
        var parts = new List<string>(4);
        if (request.PageToken.Length > 0)
            parts.Add("next page");
        if (request.Since is not null || request.Until is not null)
            parts.Add("time range");
        if (request.Actor.Length > 0)
            parts.Add($"actor {request.Actor}");
        if (request.ObjectIds.Count > 0)
            parts.Add($"{request.ObjectIds.Count} object id(s)");
        return string.Join(", ", parts);
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
