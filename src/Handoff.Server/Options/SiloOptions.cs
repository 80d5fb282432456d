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
}
