using System.Security.Cryptography.X509Certificates;
using Handoff.Client;
using Handoff.Contracts.Federation;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The peer's ordinary services, reached through <see cref="HandoffClient"/> (the one implementation of the transfer
/// protocol) acting for one of this cluster's facilities: mutual TLS with the cluster certificate, the peer's pinned
/// certificates only, and the facility in the on-behalf-of header. The library's retries are kept short: a relay pass
/// that cannot reach its peer ends, says why on the timeline, and the next pass starts after its own back-off.
/// </summary>
public sealed class PeerClients : IDisposable
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(5);

    public PeerClients(PeerInfo peer, FederationCertificate certificate, string sourceFacilityId)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(certificate);
        Peer = peer;
        var pins = peer.Certificates.Where(c => !c.Revoked).Select(c => c.Thumbprint.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        Client = new HandoffClient(new HandoffClientOptions
        {
            Servers = [new Uri(peer.Address)],
            ClientCertificate = certificate.Certificate,
            ValidateServerCertificate = presented => pins.Contains(FederationCertificate.Thumbprint(presented)),
            OnBehalfOf = sourceFacilityId,
            RetryFor = RetryFor,
        });
    }

    public PeerInfo Peer { get; }

    public HandoffClient Client { get; }

    public void Dispose() => Client.Dispose();
}
