using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>Signing in to the web page (<c>Handoff:Users</c>): the lockout and how long a session lasts.</summary>
public sealed class UserOptions
{
    public const string Section = "Handoff:Users";

    /// <summary>Wrong passwords in a row that lock a user out.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lockout lasts (an admin's password reset lifts it sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Sign-in attempts one network address may make a minute, whatever the usernames: the lockout protects each
    /// account, this the sign-in page (each attempt costs a slow hash) and the list of who exists.
    /// </summary>
    [Range(1, 10_000)]
    public int SignInsPerMinutePerAddress { get; set; } = 30;

    /// <summary>
    /// Mark the session cookie Secure even on plain HTTP: set it when TLS ends at a proxy or ingress in front of the
    /// server, so the browser never sends the cookie without TLS.
    /// </summary>
    public bool SecureCookies { get; set; }

    /// <summary>A session ends after this long without a request (a shift, by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);
}
