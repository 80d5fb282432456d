using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Federation;

/// <summary>
/// The federation endpoint: a Kestrel listener of its own (beside the gRPC endpoint clients use) that speaks HTTP/2
/// over TLS and requires a client certificate. The handshake accepts any certificate; which ones count is decided
/// per call against the registry's pins (<see cref="PeerAuthenticator"/>), because a peer's certificate is pinned,
/// not chained to a CA this machine trusts, and a handshake failure would tell the peer's operator nothing.
/// </summary>
public static class FederationEndpoint
{
    public static IHostApplicationBuilder AddHandoffFederationEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<FederationOptions>>().Value;
            if (!options.Enabled)
                return;
            var certificate = kestrel.ApplicationServices.GetRequiredService<FederationCertificate>().Certificate;
            var listen = ParseListen(options);
            kestrel.Listen(listen.Address, listen.Port, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http2;
                endpoint.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                });
            });
        });
        return builder;
    }

    public static int Port(FederationOptions options) => ParseListen(options).Port;

    private static (IPAddress Address, int Port) ParseListen(FederationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // "*" is not a valid URI host; read it as every interface.
        var text = options.Listen.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.IsDefaultPort && !text.Contains(":443", StringComparison.Ordinal))
            throw new OptionsValidationException(FederationOptions.Section, typeof(FederationOptions),
                [$"Handoff:Federation:Listen must be https://address:port, not '{options.Listen}'"]);
        var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return (address, uri.Port);
    }
}
