using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Retention;

/// <summary>
/// When unreferenced chunks are deleted. Shares the <c>Handoff:Retention</c> section with the transfer retention
/// period; this part is the server's, because only the server touches the chunk store.
/// </summary>
public sealed class ChunkCollectorOptions
{
    public const string Section = "Handoff:Retention";

    /// <summary>Time between sweeps; the first runs one interval after start. Bytes outlive their study by at most this plus the grace period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Chunks written less than this long before a sweep starts are never deleted by it, referenced or not: a second,
    /// independent guard for uploads in flight, on top of the fence that protects chunks declared during a sweep.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);
}
