using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>Graceful shutdown on SIGTERM: how long in-flight gRPC calls may run before the silo stops anyway.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Handoff:Shutdown";

    /// <summary>Time after which the silo stops anyway once shutdown began (1 s – 10 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Added to <see cref="DrainTimeout"/> for the host's ShutdownTimeout: the silo's own stop (deactivation, leaving the cluster).</summary>
    public static readonly TimeSpan SiloStopAllowance = TimeSpan.FromSeconds(30);
}
