using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Federation;

/// <summary>
/// Federation with other regional networks' clusters (Handoff:Federation). Off unless <see cref="Network"/> is set.
/// The cluster has one certificate (PEM, with its key): presented as the server certificate of the federation
/// endpoint and as the client certificate when it calls a peer, so a peer pins one certificate per network. The
/// endpoint speaks only mutual TLS: a caller without a certificate pinned for a registered peer gets nothing.
/// </summary>
public sealed class FederationOptions
{
    public const string Section = "Handoff:Federation";

    /// <summary>This cluster's network name ("north"); its facilities are "facility@north" to peers.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9-]{1,62}$", ErrorMessage = "Handoff:Federation:Network must be 2-63 characters of a-z, 0-9 and '-'")]
    public string? Network { get; set; }

    /// <summary>Where the federation endpoint listens, https://address:port (an IP address, or * for every interface).</summary>
    public string Listen { get; set; } = "https://127.0.0.1:7900";

    /// <summary>The cluster's certificate, PEM. It must allow both TLS server and client authentication.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its private key, PEM (readable by the server's user only).</summary>
    public string? KeyPath { get; set; }

    /// <summary>How long a relay waits, at most, between attempts while a peer cannot be reached.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RelayRetryLimit { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrEmpty(Network);
}
