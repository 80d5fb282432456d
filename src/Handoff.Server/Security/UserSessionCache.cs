using System.Collections.Concurrent;
using Handoff.Contracts.Users;

namespace Handoff.Server.Security;

/// <summary>
/// Whether a signed-in user's session still stands (the user exists and is enabled, their facility too, and the
/// session stamp is current), asked of the user's grain at most every <see cref="RecheckAfter"/> per session: disabling
/// a user or a facility, or resetting a password, ends sessions and tokens within seconds on every server.
/// </summary>
public sealed class UserSessionCache
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 10_000;

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (UserSession? Session, DateTimeOffset CheckedAt)> _checked = new(StringComparer.Ordinal);

    public UserSessionCache(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
    }

    /// <summary>The session as it stands now; null when it no longer does.</summary>
    public async Task<UserSession?> GetAsync(string facilityId, string username, string stamp)
    {
        var key = $"{facilityId}|{username}|{stamp}";
        var now = _time.GetUtcNow();
        if (_checked.TryGetValue(key, out var known) && now - known.CheckedAt < RecheckAfter)
            return known.Session;
        var session = await _grains.GetGrain<IFacilityUsersGrain>(facilityId).GetSession(username, stamp);
        if (_checked.Count > MaxEntries)
            _checked.Clear();
        _checked[key] = (session, now);
        return session;
    }

    /// <summary>Forgets what was remembered of the user's sessions (after a change on this server).</summary>
    public void Forget(string facilityId, string username)
    {
        var prefix = $"{facilityId}|{username}|";
        foreach (var key in _checked.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
                _checked.TryRemove(key, out _);
        }
    }
}
