using System.Threading.RateLimiting;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.WebApp;

/// <summary>
/// At most <see cref="UserOptions.SignInsPerMinutePerAddress"/> sign-in attempts a minute from one network address
/// (ASP.NET Core's fixed-window limiter, partitioned by address): a guesser trying many usernames is slowed as much as
/// one trying many passwords.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInThrottle(IOptions<UserOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = options.Value.SignInsPerMinutePerAddress;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>True when the address may try now.</summary>
    public bool TryAcquire(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var lease = _limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
