using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Server.Auditing;

namespace Handoff.Server.Security;

/// <summary>
/// Turns a bearer key into a <see cref="Caller"/>: the operator key, or a facility key its facility grain verifies
/// (remembered for a few seconds by <see cref="FacilityKeyCache"/>), or a signed-in user's token (<see cref="UserTokens"/>,
/// issued by this process to its web page's backend). One rule for every door: the gRPC API and the web endpoint
/// (DICOMweb) both ask here. A refused key is audited (<see cref="AuthenticationFailures"/>).
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    private readonly OperatorKey _operatorKey;
    private readonly FacilityKeyCache _cache;
    private readonly IGrainFactory _grains;
    private readonly UserTokens _userTokens;
    private readonly UserSessionCache _sessions;
    private readonly AuthenticationFailures _failures;

    public ApiKeyAuthenticator(OperatorKey operatorKey, FacilityKeyCache cache, IGrainFactory grains, UserTokens userTokens, UserSessionCache sessions,
        AuthenticationFailures failures)
    {
        _sessions = sessions;
        _operatorKey = operatorKey;
        _cache = cache;
        _grains = grains;
        _userTokens = userTokens;
        _failures = failures;
    }

    /// <summary>The caller a key belongs to.</summary>
    /// <exception cref="DomainException">UNAUTHENTICATED: the key is no one's (one message for every wrong key).</exception>
    public async Task<Caller> AuthenticateAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_operatorKey.Matches(key))
            return Caller.Operator;
        if (UserTokens.IsToken(key))
        {
            var claims = _userTokens.Read(key) ?? throw Refused(null, "a user token that is not valid or has expired");
            // The session as it stands now: disabled users and facilities, and reset passwords, end their tokens too.
            var session = await _sessions.GetAsync(claims.FacilityId, claims.Username, claims.SessionStamp)
                ?? throw Refused(claims.FacilityId, "the token of a session that has ended");
            return Caller.User(session.FacilityId, session.Username, session.Role);
        }
        var facilityId = ApiKeyFormat.FacilityOf(key) ?? throw Refused(null, "a key that is no facility's");
        if (!_cache.IsVerified(key, facilityId))
        {
            if (!await _grains.GetGrain<IFacilityGrain>(facilityId).VerifyKey(key))
                throw Refused(facilityId, "a wrong or disabled API key");
            _cache.Remember(key, facilityId);
        }
        return Caller.Facility(facilityId);
    }

    /// <summary>The key of an <c>Authorization: Bearer &lt;key&gt;</c> header value; null when there is none.</summary>
    public static string? BearerKey(string? header)
    {
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return null;
        var key = header[BearerPrefix.Length..].Trim();
        return key.Length == 0 ? null : key;
    }

    /// <summary>What a call without a key is told.</summary>
    public static DomainException MissingKey() => Unauthenticated("missing API key: send 'authorization: Bearer <key>'");

    private DomainException Refused(string? facilityId, string detail)
    {
        _failures.Record(facilityId ?? "unknown", facilityId, "api.authenticate", "denied", detail);
        return Unauthenticated("the API key is not valid");
    }

    // One message for every wrong key, so a caller learns nothing about which facilities exist.
    private static DomainException Unauthenticated(string message) => new(DomainErrorKind.Unauthenticated, message);
}
