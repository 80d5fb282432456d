using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// A syslog collector for tests: TLS (a self-signed certificate for "localhost" made here, whose PEM is the CA file the
/// server is given) on a loopback port, reading RFC 5425 octet-counted frames ("LEN SP MSG") into <see cref="Messages"/>.
/// </summary>
public sealed class SyslogCollector : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SyslogCollector(int port, string caPath, X509Certificate2 certificate)
    {
        _certificate = certificate;
        CaCertificatePath = caPath;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string CaCertificatePath { get; }

    /// <summary>Each frame's SYSLOG-MSG, as UTF-8 text, in arrival order.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Listens on <paramref name="port"/> (0: any free one) with a new certificate whose PEM goes to <paramref name="caPath"/>.</summary>
    public static SyslogCollector Start(string caPath, int port = 0)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(caPath, created.ExportCertificatePem());
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        return new SyslogCollector(port, caPath, certificate);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ReadAsync(client);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReadAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                while (await ReadLengthAsync(tls) is { } length)
                {
                    var message = new byte[length];
                    await tls.ReadExactlyAsync(message, _stop.Token);
                    Messages.Enqueue(Encoding.UTF8.GetString(message));
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>MSG-LEN: ASCII digits up to a space; null at the end of the stream.</summary>
    private async Task<int?> ReadLengthAsync(Stream stream)
    {
        var length = 0;
        var one = new byte[1];
        for (var digits = 0; ; digits++)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                return null;
            if (one[0] == (byte)' ' && digits > 0)
                return length;
            if (one[0] is < (byte)'0' or > (byte)'9' || digits > 7)
                throw new InvalidDataException($"not an octet-counted frame (byte {one[0]})");
            length = (length * 10) + (one[0] - '0');
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _certificate.Dispose();
        _stop.Dispose();
    }
}
