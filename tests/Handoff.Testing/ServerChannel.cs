using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Handoff.Testing;

/// <summary>
/// The gRPC channel to a test server: large messages allowed, several HTTP/2 connections for parallel streams, a
/// short reconnect back-off (the same address serves again soon after a restart, and the default back-off grows to
/// two minutes), and with TLS trusting exactly the server's certificate.
/// </summary>
internal static class ServerChannel
{
    public static GrpcChannel Create(string address, TlsCertificate? tls) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = 16 * 1024 * 1024,
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
        MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        HttpHandler = CreateHandler(tls),
    });

    private static SocketsHttpHandler CreateHandler(TlsCertificate? tls)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (tls is not null)
        {
            var trusted = TrustOnly(tls);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && trusted(certificate);
        }
        return handler;
    }

    /// <summary>Accepts exactly the certificate the server was started with (by thumbprint).</summary>
    public static Func<X509Certificate, bool> TrustOnly(TlsCertificate tls)
    {
        using var expected = X509CertificateLoader.LoadPkcs12FromFile(tls.PfxPath, tls.Password);
        var thumbprint = expected.Thumbprint;
        return certificate => string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}
