using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Handoff.Contracts.Federation;
using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Federation;

/// <summary>
/// gRPC channels from this cluster to its peers: mutual TLS with the cluster's certificate as the client
/// certificate, and the peer's server certificate accepted only if its thumbprint is pinned for that peer and not
/// revoked (a CA this machine happens to trust is not enough, and a host name match is not needed). One channel per
/// peer and pin set, so a revocation or new address takes effect on the next call.
/// </summary>
public sealed class PeerChannels : IDisposable
{
    private readonly FederationCertificate _certificate;
    private readonly UploadOptions _upload;
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public PeerChannels(FederationCertificate certificate, IOptions<UploadOptions> upload)
    {
        _certificate = certificate;
        _upload = upload.Value;
    }

    public GrpcChannel For(PeerInfo peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.Revoked)
            throw new InvalidOperationException($"peer {peer.Name} is revoked");
        var pins = peer.Certificates.Where(c => !c.Revoked).Select(c => c.Thumbprint.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray();
        var key = $"{peer.Name}|{peer.Address}|{string.Join(',', pins)}";
        return _channels.GetOrAdd(key, _ => Open(peer.Address, pins));
    }

    private GrpcChannel Open(string address, string[] pins)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [_certificate.Certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 presented && pins.Contains(FederationCertificate.Thumbprint(presented), StringComparer.Ordinal),
            },
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = Math.Max(_upload.MaxMessageSize, UploadOptions.MaxAcknowledgeMessageSize),
            MaxSendMessageSize = _upload.MaxMessageSize,
        });
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
            channel.Dispose();
    }
}
