using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Auditing.Syslog;

/// <summary>
/// Forwarding audit events to a syslog collector (<c>Handoff:Audit:Syslog</c>): RFC 5424 messages, framed by octet
/// counting (RFC 5425/6587), over TLS unless <see cref="UseTls"/> is false, each holding a DICOM audit message (IHE
/// ATNA). Off while <see cref="Host"/> is unset.
/// </summary>
public sealed class SyslogOptions
{
    public const string Section = "Handoff:Audit:Syslog";

    /// <summary>The collector's host name or address; unset: no forwarding.</summary>
    [StringLength(255)]
    public string? Host { get; set; }

    /// <summary>The collector's port (6514 is syslog over TLS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 6514;

    /// <summary>TLS (RFC 5425). Turn off only for a collector on the same host or a trusted network.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>A PEM file with the CA certificate(s) the collector's certificate must chain to; unset: the system's trust store.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Events waiting while the collector is slow or away; past this, new events are dropped (and counted), never waited for.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// The longest a TLS handshake or one write to the collector may take; past it the connection is dropped and
    /// opened again (the frame is kept), so a collector that stops reading cannot stall forwarding for good.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The syslog APP-NAME.</summary>
    [StringLength(48, MinimumLength = 1)]
    [RegularExpression("^[!-~]+$")]
    public string AppName { get; set; } = "handoff";
}
