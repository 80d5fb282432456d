using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Handoff.Contracts.Users;

namespace Handoff.Server.Security;

/// <summary>
/// Short-lived credentials a signed-in user's web session hands to this server's own gRPC endpoint, so the web page's
/// backend calls through <see cref="Handoff.Client.HandoffClient"/> as that user (not as the facility) and every
/// rule, permission and audit event applies to the person. Tokens are HMAC-SHA256 signed with a key that exists only in
/// this process and never leaves it: they are good only on this server, for <see cref="Lifetime"/>, and only while the
/// session they were issued for stands (the stamp is checked, <see cref="UserSessionCache"/>): a disabled user's or
/// facility's token stops working within seconds, while a long STOW-RS request keeps its token to the end.
/// </summary>
public sealed class UserTokens
{
    public const string Prefix = "hu1.";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;

    public UserTokens(TimeProvider time)
    {
        _time = time;
    }

    public string Issue(UserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var expires = (_time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        // Facility ids and usernames are slugs, stamps hex: '|' appears in none.
        var payload = Encoding.UTF8.GetBytes($"{session.FacilityId}|{session.Username}|{session.SessionStamp}|{expires}");
        return Prefix + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    public static bool IsToken(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The session a token names; null when it is not one this process issued, or it has expired.</summary>
    public UserTokenClaims? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!IsToken(token) || token.Length > 512)
            return null;
        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
            return null;
        var payload = Base64Url.DecodeFromChars(parts[0]);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), Base64Url.DecodeFromChars(parts[1])))
            return null;
        var fields = Encoding.UTF8.GetString(payload).Split('|');
        if (fields.Length != 4 || !long.TryParse(fields[3], out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) <= _time.GetUtcNow())
            return null;
        return new UserTokenClaims(fields[0], fields[1], fields[2]);
    }
}

/// <summary>The session a user token was issued for.</summary>
public sealed record UserTokenClaims(string FacilityId, string Username, string SessionStamp)
{
}
