namespace Handoff.Grains.Audit;

/// <summary>
/// The cluster's audit signing key, as the audit log grains use it to countersign their chain's head. The host
/// provides it (the server keeps the private key with its other secrets); a silo without one writes no checkpoints.
/// </summary>
public interface IAuditCheckpointSigner
{
    /// <summary>Names the key in each checkpoint, so a verifier picks the right public key.</summary>
    string KeyId { get; }

    /// <summary>ECDSA P-256 over SHA-256 of <paramref name="payload"/>, IEEE P1363 (r‖s, 64 bytes).</summary>
    byte[] Sign(byte[] payload);
}
