using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>
/// The embedded Orleans silo. Ports are settings (not constants) so several servers can share a machine, as the
/// tests do; cluster and service ids keep separate deployments from ever joining each other.
/// </summary>
public sealed class SiloOptions
{
    public const string Section = "Handoff:Silo";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "handoff";

    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "handoff";

    /// <summary>
    /// How often each silo probes a few others, and how long one probe may take. With <see cref="MissedProbesLimit"/>
    /// it decides how soon a silo that died without leaving (SIGKILL, power loss) is declared dead, and until then
    /// calls to grains that lived there fail and clients wait. Orleans' default (5 s × 3) leaves a trauma transfer
    /// standing 15-20 s; 2 s × 3 brings that to about 6-8 s for a silent machine (2-3 s measured after a SIGKILL, whose refused
    /// connections fail probes at once) while still riding out a GC pause or a busy node.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive missed probes after which a silo suspects another and votes to declare it dead.</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Azure profile: the address other silos reach this one at. Unset: the machine's first non-loopback IPv4
    /// address, or loopback when there is none (a single machine, a network namespace); in Kubernetes the pod IP.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
