namespace Handoff.Testing;

/// <summary>
/// Server arguments for tests that load a server on purpose (thousands of calls by one facility within seconds, to
/// bury or burst the audit log): per-caller limits (Handoff:RateLimit, where the server has them) far above that load,
/// so such a test measures what it is about. A server without those settings ignores them.
/// </summary>
public static class RateLimits
{
    public static string[] Lifted =>
    [
        "--Handoff:RateLimit:CallsPerSecond=1000000",
        "--Handoff:RateLimit:Burst=10000000",
        "--Handoff:RateLimit:MaxConcurrentStreams=100000",
    ];
}
