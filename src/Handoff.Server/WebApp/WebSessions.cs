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
/// A signed-in user's session: its cookie holds the facility, username and session stamp (encrypted and signed by
/// ASP.NET Core data protection). Every request checks the stamp against the user's grain through
/// <see cref="UserSessionCache"/>, so disabling a user or their facility, or resetting a password, ends their sessions
/// within seconds. The page's backend calls the server as the user through <see cref="HandoffClient"/>
/// (<see cref="ClientFor"/>): one client per session, reused by its requests and long polls, with a token that
/// outlives any one request.
/// </summary>
public sealed class WebSessions : IDisposable
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private const string FacilityClaim = "handoff:facility";
    private const string StampClaim = "handoff:stamp";
    private const int MaxClients = 1000;

    /// <summary>A session's client is replaced this long before its token expires, and disposed this long after.</summary>
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(10);

    private readonly UserSessionCache _sessions;
    private readonly UserTokens _tokens;
    private readonly LoopbackClients _clients;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SessionClient> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SessionClient> _retired = new();

    public WebSessions(UserSessionCache sessions, UserTokens tokens, LoopbackClients clients, TimeProvider time)
    {
        _sessions = sessions;
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

    /// <summary>The current session of a principal from the cookie; null when the user or facility was disabled, the password changed, or the user is gone.</summary>
    public Task<UserSession?> ValidateAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var username = principal.FindFirstValue(ClaimTypes.Name);
        var facility = principal.FindFirstValue(FacilityClaim);
        var stamp = principal.FindFirstValue(StampClaim);
        return username is null || facility is null || stamp is null ? Task.FromResult<UserSession?>(null) : _sessions.GetAsync(facility, username, stamp);
    }

    /// <summary>The signed-in user of this request (cookie checked by the authentication handler); null when none.</summary>
    public async Task<UserSession?> CurrentAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(Scheme);
        return result.Succeeded ? await ValidateAsync(result.Principal) : null;
    }

    /// <summary>Forgets what was remembered about the user's sessions (after a password change on this server).</summary>
    public void Forget(string facilityId, string username) => _sessions.Forget(facilityId, username);

    public static Caller CallerOf(UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Caller.User(session.FacilityId, session.Username, session.Role);
    }

    /// <summary>A credential that makes this server's gRPC API treat a call as the user's, for as long as the session stands.</summary>
    public string TokenFor(UserSession session) => _tokens.Issue(session);

    /// <summary>The session's client of this server (shared by its requests; not the caller's to dispose).</summary>
    public HandoffClient ClientFor(UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = _time.GetUtcNow();
        var key = $"{session.FacilityId}|{session.Username}|{session.SessionStamp}";
        if (_open.TryGetValue(key, out var open) && open.FreshUntil > now)
            return open.Client;
        var client = new SessionClient(_clients.For(TokenFor(session)), now + UserTokens.Lifetime - TokenMargin);
        if (open is not null && _open.TryUpdate(key, client, open))
            _retired.Enqueue(open);
        else if (!_open.TryAdd(key, client) && _open.TryGetValue(key, out var raced))
        {
            client.Client.Dispose();
            return raced.Client;
        }
        Tidy(now);
        return client.Client;
    }

    public void Dispose()
    {
        foreach (var open in _open.Values)
            open.Client.Dispose();
        while (_retired.TryDequeue(out var retired))
            retired.Client.Dispose();
    }

    /// <summary>Retires clients past their time, and disposes retired ones once no request can still be using them.</summary>
    private void Tidy(DateTimeOffset now)
    {
        foreach (var (key, open) in _open)
        {
            if (open.FreshUntil <= now || _open.Count > MaxClients)
            {
                if (_open.TryRemove(new KeyValuePair<string, SessionClient>(key, open)))
                    _retired.Enqueue(open);
            }
        }
        while (_retired.TryPeek(out var retired) && retired.FreshUntil + TokenMargin + TokenMargin <= now)
        {
            if (_retired.TryDequeue(out retired))
                retired.Client.Dispose();
        }
    }

    private sealed record SessionClient(HandoffClient Client, DateTimeOffset FreshUntil);
}
