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

    /// <summary>A session ends after this long without a request (a shift, by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);
}
