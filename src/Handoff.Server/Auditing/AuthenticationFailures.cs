using System.Globalization;
using Handoff.Contracts.Audit;
using Handoff.Contracts.Facilities;
using Handoff.Server.Errors;

namespace Handoff.Server.Auditing;

/// <summary>
/// Audits refused credentials: wrong API keys (gRPC and DICOMweb) and failed sign-ins to the web page. Each goes to
/// the operator log and, when it names a registered facility, to that facility's log, so a facility sees who tried
/// its key or its users' passwords. A flood costs one event per <see cref="Interval"/> per facility, user and action,
/// counting what it stands for; credentials that name no registered facility (made-up ids) share one such
/// allowance, so they cannot fill the operator log either. Nobody waits for these writes.
/// </summary>
public sealed class AuthenticationFailures
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly AuditBackgroundWriter _background;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly LogThrottle _throttle;
    private readonly IAuditSink? _sink;

    public AuthenticationFailures(AuditBackgroundWriter background, IGrainFactory grains, TimeProvider time, IAuditSink? sink = null)
    {
        _sink = sink;
        _background = background;
        _grains = grains;
        _time = time;
        _throttle = new LogThrottle(Interval, time);
    }

    /// <param name="actor">Who tried: "facility/username" for a sign-in, the facility a key claims, or "unknown".</param>
    /// <param name="facilityId">The facility the credential claims; null when it names none.</param>
    /// <param name="action">"api.authenticate" or "user.sign-in".</param>
    /// <param name="outcome">"denied" or "locked-out".</param>
    /// <param name="detail">Why (no secrets, no patient data).</param>
    public void Record(string actor, string? facilityId, string action, string outcome, string detail) =>
        _ = RecordAsync(actor, facilityId, action, outcome, detail, _time.GetUtcNow());

    private async Task RecordAsync(string actor, string? facilityId, string action, string outcome, string detail, DateTimeOffset at)
    {
        try
        {
            if (facilityId is not null && !await IsRegisteredAsync(facilityId))
                (facilityId, actor) = (null, "unknown");
        }
        catch (Exception)
        {
            (facilityId, actor) = (null, "unknown"); // the facility could not be asked: the operator's copy still records the attempt
        }
        if (!_throttle.TryTake($"{action}|{outcome}|{facilityId}|{actor}", out var attempts))
            return;
        var counted = attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $"{detail} ({attempts} attempts since the last event)") : detail;
        var record = new AuditEventRecord(at, actor, facilityId ?? string.Empty, action, "credential", actor, outcome, counted);
        _sink?.Offer(record);
        _background.Write(record, facilityId is null ? [IAuditLogGrain.OperatorLog] : [IAuditLogGrain.OperatorLog, facilityId]);
    }

    /// <summary>
    /// Whether the facility is registered, asked of its grain: the same call the key check itself just made for a
    /// well-formed key (<see cref="IFacilityGrain.VerifyKey"/>), so a flood of made-up ids costs nothing more here.
    /// </summary>
    private async Task<bool> IsRegisteredAsync(string facilityId) => await _grains.GetGrain<IFacilityGrain>(facilityId).GetInfo() is not null;
}
