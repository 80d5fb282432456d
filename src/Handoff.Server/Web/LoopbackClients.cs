using System.Security.Cryptography.X509Certificates;
using Handoff.Client;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Web;

/// <summary>
/// Clients of this server's own gRPC endpoint, for the parts of the web endpoint that act for a caller (STOW-RS sends
/// what it is given as that facility). They go through <see cref="HandoffClient"/> like every other client, so the
/// protocol, its checks, its rate limits and its audit have one implementation. Over TLS, only the certificate the
/// endpoint is configured with is trusted: the call never leaves this machine.
/// </summary>
public sealed class LoopbackClients
{
    private readonly Uri _address;
    private readonly string? _thumbprint;
    private readonly ILoggerFactory _logging;

    public LoopbackClients(IOptionsMonitor<KestrelEndpointOptions> endpoints, ILoggerFactory logging)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var grpc = endpoints.Get(KestrelEndpointOptions.Grpc);
        _address = grpc.LocalUri();
        _logging = logging;
        if (_address.Scheme == Uri.UriSchemeHttps && grpc.Certificate.Path is { Length: > 0 } path)
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, grpc.Certificate.Password);
            _thumbprint = certificate.Thumbprint;
        }
    }

    /// <summary>A client that calls with <paramref name="apiKey"/>; the caller disposes it.</summary>
    public HandoffClient For(string apiKey)
    {
        var options = HandoffClientOptions.For(_address, apiKey) with
        {
            Logger = _logging.CreateLogger<LoopbackClients>(),
            // Its own server: a failure is not an outage to wait out for minutes while a request hangs.
            RetryFor = TimeSpan.FromSeconds(30),
        };
        if (_thumbprint is { } thumbprint)
            options = options with { ValidateServerCertificate = certificate => string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase) };
        return new HandoffClient(options);
    }
}
