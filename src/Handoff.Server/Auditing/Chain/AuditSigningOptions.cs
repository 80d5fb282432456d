namespace Handoff.Server.Auditing.Chain;

/// <summary>
/// Where the audit signing key comes from (<c>Handoff:Audit</c>). <see cref="SigningKeyPath"/> unset: the server keeps
/// its own (see <see cref="AuditSigningKeyStore"/>).
/// </summary>
public sealed class AuditSigningOptions
{
    public const string Section = "Handoff:Audit";

    /// <summary>A PEM file with the cluster's P-256 private key, when the deployment supplies one (in Kubernetes, from a Secret).</summary>
    public string? SigningKeyPath { get; set; }
}
