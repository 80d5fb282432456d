namespace Handoff.Testing;

/// <summary>A PFX the server serves gRPC over TLS with (through the standard Kestrel endpoint settings).</summary>
public sealed record TlsCertificate(string PfxPath, string Password);
