using System.Threading.RateLimiting;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Security;

/// <summary>
/// The per-caller budgets of <see cref="RateLimitInterceptor"/>: a token bucket of calls and a count of open streams
/// per partition (see <see cref="PartitionOf"/>). Partitions idle for a while are dropped by the limiters themselves;
/// a returning caller starts with a full bucket, which is where an idle one would be anyway.
/// </summary>
public sealed class CallerLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _calls;
    private readonly PartitionedRateLimiter<string> _streams;

    public CallerLimits(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        var limits = Options;
        // Refilled continuously (the partitioned limiter tops buckets up every 100 ms in proportion to the time passed).
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        var concurrency = new ConcurrencyLimiterOptions { PermitLimit = limits.MaxConcurrentStreams, QueueLimit = 0 };
        _calls = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket), StringComparer.Ordinal);
        _streams = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key, _ => concurrency), StringComparer.Ordinal);
        // A refused caller may try again once one token is back; the buckets are topped up every 100 ms.
        RetryDelay = TimeSpan.FromMilliseconds(Math.Max(100, Math.Ceiling(1000.0 / limits.CallsPerSecond)));
    }

    public RateLimitOptions Options { get; }

    /// <summary>What RetryInfo advises a caller refused for its call rate.</summary>
    public TimeSpan RetryDelay { get; }

    /// <summary>
    /// Who a call counts against: "operator", "facility:&lt;id&gt;" (a peer's facility as "facility:id@network"),
    /// "peer:&lt;network&gt;", or for a call without a caller (health, reflection) "address:&lt;remote IP&gt;".
    /// </summary>
    public static string PartitionOf(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FindCaller() switch
        {
            { IsOperator: true } => "operator",
            { FacilityId: { } facility } => "facility:" + facility,
            { PeerNetwork: { } network } => "peer:" + network,
            _ => "address:" + (context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "unknown"),
        };
    }

    /// <summary>True when the caller still has a call in its bucket (and takes it).</summary>
    public bool TryTakeCall(string partition)
    {
        using var lease = _calls.AttemptAcquire(partition);
        return lease.IsAcquired;
    }

    /// <summary>A held stream slot, released on dispose; null when the caller has all its streams open already.</summary>
    public RateLimitLease? TryOpenStream(string partition)
    {
        var lease = _streams.AttemptAcquire(partition);
        if (lease.IsAcquired)
            return lease;
        lease.Dispose();
        return null;
    }

    public void Dispose()
    {
        _calls.Dispose();
        _streams.Dispose();
    }
}
