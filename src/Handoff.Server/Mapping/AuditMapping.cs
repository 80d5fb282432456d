using Google.Protobuf.WellKnownTypes;
using Handoff.Contracts.Audit;
using Handoff.Server.Errors;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Mapping;

/// <summary>ListAuditEvents request → audit log query; audit log entries → protos.</summary>
public static class AuditMapping
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = IAuditLogGrain.MaxQueryLimit;

    /// <summary>The query a request asks of <paramref name="log"/>: page size (or the older limit), page token, time range.</summary>
    public static AuditQuery ToQuery(this V1.ListAuditEventsRequest request, string log)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = RequestFields.Limit(request.PageSize > 0 ? request.PageSize : request.Limit, DefaultPageSize, MaxPageSize);
        var before = AuditPageToken.Parse(request.PageToken, log);
        var since = Time(request.Since, "since");
        var until = Time(request.Until, "until");
        if (since is not null && until is not null && until < since)
            throw new InvalidFieldException("until", "until must not be before since");
        if (request.Actor.Length > 200)
            throw new InvalidFieldException("actor", "actor is longer than 200 characters");
        if (request.ObjectIds.Count > 1000 || request.ObjectIds.Any(id => id.Length > 200))
            throw new InvalidFieldException("object_ids", "object_ids takes at most 1000 ids of at most 200 characters");
        return new AuditQuery(pageSize, before, since, until)
        {
            Actor = request.Actor.Length > 0 ? request.Actor : null,
            ObjectIds = request.ObjectIds.Count > 0 ? [.. request.ObjectIds] : null,
            IncludeCheckpoints = request.IncludeCheckpoints,
        };
    }

    public static V1.AuditEvent ToProto(this AuditLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.Event;
        return new V1.AuditEvent
        {
            At = ProtoTime.From(record.At),
            Actor = record.Actor,
            FacilityId = record.FacilityId,
            Action = record.Action,
            ObjectType = record.ObjectType,
            ObjectId = record.ObjectId,
            Outcome = record.Outcome,
            Detail = record.Detail,
            Sequence = entry.Sequence,
            Hash = entry.Hash,
            PreviousHash = entry.PreviousHash,
            NetworkAddress = record.NetworkAddress,
        };
    }

    private static DateTimeOffset? Time(Timestamp? value, string field)
    {
        if (value is null)
            return null;
        try
        {
            return value.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw new InvalidFieldException(field, $"{field} is not a valid time (seconds from 0001-01-01 to 9999-12-31, nanos 0 to 999,999,999)");
        }
    }
}
