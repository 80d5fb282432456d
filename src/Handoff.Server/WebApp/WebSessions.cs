using System.Collections.Concurrent;
using System.Security.Claims;
using Handoff.Client;
using Handoff.Contracts.Users;
using Handoff.Server.Security;
using Handoff.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Handoff.Server.WebApp;

/// <summary>
/// A signed-in user's session: its cookie holds the facility, username, role and session stamp (encrypted and signed by
/// ASP.NET Core data protection). Every request checks the stamp against the user's grain, remembered for
/// <see cref="RecheckAfter"/>, so disabling a user or resetting their password ends their sessions within seconds.
/// The page's backend calls the server as the user through <see cref="HandoffClient"/> (<see cref="ClientFor"/>).
/// </summary>
public sealed class WebSessions
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);

    private const string FacilityClaim = "handoff:facility";
    private const string StampClaim = "handoff:stamp";

    private readonly IGrainFactory _grains;
    private readonly UserTokens _tokens;
    private readonly LoopbackClients _clients;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (UserSession? Session, DateTimeOffset CheckedAt)> _checked = new(StringComparer.Ordinal);

    public WebSessions(IGrainFactory grains, UserTokens tokens, LoopbackClients clients, TimeProvider time)
    {
        _grains = grains;
        _tokens = tokens;
        _clients = clients;
        _time = time;
    }

    public static ClaimsPrincipal PrincipalOf(UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, session.Username),
            new Claim(FacilityClaim, session.FacilityId),
            new Claim(StampClaim, session.SessionStamp),
        ], Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The current session of a principal from the cookie; null when the user was disabled, changed password, or is gone.</summary>
    public async Task<UserSession?> ValidateAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var username = principal.FindFirstValue(ClaimTypes.Name);
        var facility = principal.FindFirstValue(FacilityClaim);
        var stamp = principal.FindFirstValue(StampClaim);
        if (username is null || facility is null || stamp is null)
            return null;
        var key = $"{facility}|{username}|{stamp}";
        var now = _time.GetUtcNow();
        if (_checked.TryGetValue(key, out var known) && now - known.CheckedAt < RecheckAfter)
            return known.Session;
        var session = await _grains.GetGrain<IFacilityUsersGrain>(facility).GetSession(username, stamp);
        if (_checked.Count > 10_000)
            _checked.Clear();
        _checked[key] = (session, now);
        return session;
    }

    /// <summary>The signed-in user of this request (cookie checked by the authentication handler); null when none.</summary>
    public async Task<UserSession?> CurrentAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(Scheme);
        return result.Succeeded ? await ValidateAsync(result.Principal) : null;
    }

    /// <summary>Forgets what was remembered about the user's sessions (after a password change on this server).</summary>
    public void Forget(string facilityId, string username)
    {
        foreach (var key in _checked.Keys)
        {
            if (key.StartsWith($"{facilityId}|{username}|", StringComparison.Ordinal))
                _checked.TryRemove(key, out _);
        }
    }

    public static Caller CallerOf(UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Caller.User(session.FacilityId, session.Username, session.Role);
    }

    /// <summary>A short-lived credential that makes this server's gRPC API treat a call as the user's.</summary>
    public string TokenFor(UserSession session) => _tokens.Issue(session);

    /// <summary>A client of this server acting as the user; the caller disposes it.</summary>
    public HandoffClient ClientFor(UserSession session) => _clients.For(TokenFor(session));
}
