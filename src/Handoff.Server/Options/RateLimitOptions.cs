using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>
/// Per-caller limits (a facility, the operator, a peer network's facility, or an unauthenticated address), so one
/// caller cannot flood the server or the shared audit log. The defaults leave room for the heaviest legitimate use:
/// <c>handoff receive</c> of a 2000-instance study may make a DownloadChunks call per instance within seconds, and a
/// send or receive keeps up to 64 streams open (<c>--parallel</c>, 4 by default) plus a watch; a gateway may run
/// several at once with one facility key.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Handoff:RateLimit";

    /// <summary>Calls per second each caller may sustain (a token bucket refilled at this rate).</summary>
    [Range(1, 1_000_000)]
    public int CallsPerSecond { get; set; } = 200;

    /// <summary>Calls a caller may make at once after a quiet spell: the bucket's size.</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 2000;

    /// <summary>Streaming calls (uploads, downloads, watches) each caller may have open at the same time.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentStreams { get; set; } = 128;
}
