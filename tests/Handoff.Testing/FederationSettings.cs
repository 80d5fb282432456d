namespace Handoff.Testing;

/// <summary>
/// Federation for a <see cref="ServerProcess"/>: the cluster's network name and its certificate (from
/// <see cref="TestCertificates"/>); the server gets a federation endpoint on a free port of its own.
/// </summary>
public sealed record FederationSettings(string Network, ClusterCertificate Certificate);
