using Grpc.Core.Interceptors;
using Handoff.Contracts.Federation;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Federation.Relay;

/// <summary>
/// The peer's ordinary services, called by this cluster acting for one of its facilities: every call carries the
/// facility in <see cref="PeerAuthenticator.OnBehalfOfHeader"/>, and the mutual-TLS channel says which network.
/// </summary>
public sealed class PeerClients
{
    public PeerClients(PeerInfo peer, PeerChannels channels, string sourceFacilityId)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(channels);
        Peer = peer;
        var invoker = channels.For(peer).Intercept(metadata =>
        {
            metadata.Add(PeerAuthenticator.OnBehalfOfHeader, sourceFacilityId);
            return metadata;
        });
        Uploads = new V1.Uploads.UploadsClient(invoker);
        Transfers = new V1.Transfers.TransfersClient(invoker);
        Downloads = new V1.Downloads.DownloadsClient(invoker);
    }

    public PeerInfo Peer { get; }

    public V1.Uploads.UploadsClient Uploads { get; }

    public V1.Transfers.TransfersClient Transfers { get; }

    public V1.Downloads.DownloadsClient Downloads { get; }
}
