using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Handoff.Protos.V1;

namespace Handoff.Testing;

/// <summary>
/// Calls a server's federation endpoint as a peer cluster would: mutual TLS presenting a <see cref="ClusterCertificate"/>
/// (or, for negative tests, none), the server's certificate accepted only by its pinned SHA-256 thumbprint, no API key,
/// and optionally the "handoff-on-behalf-of" header naming a facility of the calling network. Every service's client
/// is here, so a test can also try what peers must not call.
/// Deliberately raw (generated clients, not <c>Handoff.Client</c>): its callers probe peer authentication (impostor,
/// foreign, lapsed, revoked or no certificate), call the peer-only Federation service, which the library does not
/// offer, and hand a server requests a peer must be refused. No test drives a normal transfer with it: transfers between
/// clusters go through the servers' own relay, which is built on the library.
/// </summary>
public sealed class PeerClient : IDisposable
{
    public const string OnBehalfOfHeader = "handoff-on-behalf-of";

    private readonly X509Certificate2? _certificate;

    public PeerClient(string federationAddress, string serverThumbprint, ClusterCertificate? presenting, string? onBehalfOf = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(federationAddress);
        ArgumentException.ThrowIfNullOrEmpty(serverThumbprint);
        _certificate = presenting?.LoadWithKey();
        var pinned = serverThumbprint.ToLowerInvariant();
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = _certificate is null ? null : [_certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 presented && ClusterCertificate.ThumbprintOf(presented) == pinned,
            },
        };
        Channel = GrpcChannel.ForAddress(federationAddress, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 16 * 1024 * 1024 });
        var invoker = onBehalfOf is null
            ? Channel.CreateCallInvoker()
            : Channel.CreateCallInvoker().Intercept(metadata =>
            {
                metadata.Add(OnBehalfOfHeader, onBehalfOf);
                return metadata;
            });
        Federation = new Federation.FederationClient(invoker);
        Facilities = new Facilities.FacilitiesClient(invoker);
        Peers = new Peers.PeersClient(invoker);
        Uploads = new Uploads.UploadsClient(invoker);
        Transfers = new Transfers.TransfersClient(invoker);
        Downloads = new Downloads.DownloadsClient(invoker);
    }

    public GrpcChannel Channel { get; }

    public Federation.FederationClient Federation { get; }

    public Facilities.FacilitiesClient Facilities { get; }

    public Peers.PeersClient Peers { get; }

    public Uploads.UploadsClient Uploads { get; }

    public Transfers.TransfersClient Transfers { get; }

    public Downloads.DownloadsClient Downloads { get; }

    /// <summary>A peer calling <paramref name="server"/>'s federation endpoint, trusting the certificate it was started with.</summary>
    public static PeerClient For(ServerProcess server, ClusterCertificate? presenting, string? onBehalfOf = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var federation = server.Settings.Federation ?? throw new InvalidOperationException("the server was started without ServerSettings.Federation");
        return new PeerClient(server.FederationAddress, federation.Certificate.Thumbprint, presenting, onBehalfOf);
    }

    public void Dispose()
    {
        Channel.Dispose();
        _certificate?.Dispose();
    }
}
