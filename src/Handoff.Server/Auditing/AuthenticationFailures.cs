using System.Globalization;
using Handoff.Contracts.Audit;
using Handoff.Contracts.Facilities;
using Handoff.Server.Errors;

namespace Handoff.Server.Auditing;

/// <summary>
/// Audits refused credentials: wrong API keys (gRPC and DICOMweb) and failed sign-ins to the web page. Each goes to
/// the operator log and, when it names a registered facility, to that facility's log, so a facility sees who tried
/// its key or its users' passwords. A flood costs one event per <see cref="Interval"/> per facility, user and action,
/// counting what it stands for; nobody waits for these writes.
/// </summary>
public sealed class AuthenticationFailures
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly AuditBackgroundWriter _background;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly LogThrottle _throttle;

    public AuthenticationFailures(AuditBackgroundWriter background, IGrainFactory grains, TimeProvider time)
    {
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
    public void Record(string actor, string? facilityId, string action, string outcome, string detail)
    {
        if (!_throttle.TryTake($"{action}|{outcome}|{facilityId}|{actor}", out var attempts))
            return;
        var at = _time.GetUtcNow();
        var counted = attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $"{detail} ({attempts} attempts since the last event)") : detail;
        _ = WriteAsync(new AuditEventRecord(at, actor, facilityId ?? string.Empty, action, "credential", actor, outcome, counted), facilityId);
    }

    private async Task WriteAsync(AuditEventRecord record, string? facilityId)
    {
        var logs = new List<string>(2) { IAuditLogGrain.OperatorLog };
        try
        {
            // Only a registered facility gets the copy: made-up ids in keys must not create audit logs.
            if (facilityId is not null && await _grains.GetGrain<IFacilityGrain>(facilityId).GetInfo() is not null)
                logs.Add(facilityId);
        }
        catch (Exception)
        {
            // The operator's copy still records the attempt.
        }
        _background.Write(record, logs);
    }
}
