using System.Text.RegularExpressions;
using System.Xml.Linq;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.Audit;

/// <summary>
/// Audit events forwarded to a syslog collector over TLS from a real server: RFC 5424 in RFC 5425 frames, each a DICOM
/// audit message (IHE ATNA); a collector that is away costs the calls nothing, drops are counted, and the queue
/// drains once it is back.
/// </summary>
public sealed class SyslogForwardingTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task AuditedCall_CollectorOverTls_ReceivesFramedDicomAuditMessage()
    {
        await using var collector = SyslogCollector.Start(_files.Combine("ca.pem"));
        await using var server = await ServerProcess.StartAsync(Settings(collector.Port, collector.CaCertificatePath));
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(server, "syslog-fac");
        var missing = Guid.NewGuid().ToString();

        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, () => facility.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = missing }));
        await Poll.UntilAsync(() => collector.Messages.Any(m => m.Contains(missing, StringComparison.Ordinal)), Deadline, "the forwarded event");

        var message = collector.Messages.First(m => m.Contains(missing, StringComparison.Ordinal));
        Assert.Matches(new Regex(@"^<84>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \S+ handoff \d+ IHE\+RFC-3881 - \uFEFF<\?xml"), message);
        var xml = XDocument.Parse(message[(message.IndexOf('\uFEFF', StringComparison.Ordinal) + 1)..]).Root!;
        Assert.Equal("AuditMessage", xml.Name.LocalName);
        var identification = xml.Element("EventIdentification")!;
        Assert.Equal(("R", "4"), (identification.Attribute("EventActionCode")?.Value, identification.Attribute("EventOutcomeIndicator")?.Value));
        Assert.Equal("110103", identification.Element("EventID")?.Attribute("csd-code")?.Value);
        var requestor = Assert.Single(xml.Elements("ActiveParticipant"), p => p.Attribute("UserIsRequestor")?.Value == "true");
        Assert.Equal("syslog-fac", requestor.Attribute("UserID")?.Value);
        Assert.Equal("127.0.0.1", requestor.Attribute("NetworkAccessPointID")?.Value);
        Assert.NotNull(xml.Element("AuditSourceIdentification")?.Attribute("AuditSourceID"));
        Assert.Equal(missing, xml.Element("ParticipantObjectIdentification")?.Attribute("ParticipantObjectID")?.Value);
        Assert.Contains(collector.Messages, m => m.StartsWith("<85>1 ", StringComparison.Ordinal) && m.Contains("facility.register", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CollectorAway_CallsStillAnsweredAndDropsCounted_QueueDrainsWhenItReturns()
    {
        var port = FreePorts.Take(1)[0];
        var caPath = _files.Combine("ca.pem");
        await using (SyslogCollector.Start(caPath)) { } // only for the CA file the server checks at start; replaced below
        await using var server = await ServerProcess.StartAsync(Settings(port, caPath, queue: 5));
        var (facility, _) = await HandoffApi.RegisterFacilityAsync(server, "syslog-away");

        for (var i = 0; i < 30; i++)
            await facility.Transfers.ListTransfersAsync(new ListTransfersRequest()); // none waits for the collector
        using var http = new HttpClient();
        await Poll.UntilAsync(async () =>
            PrometheusText.Value(await http.GetStringAsync(new Uri(server.WebAddress, "/metrics")), "handoff_audit_syslog_dropped_total") >= 20,
            Deadline, "the dropped events counted");

        await using var collector = SyslogCollector.Start(caPath, port);
        await Poll.UntilAsync(() => collector.Messages.Count >= 5, Deadline, "the queued events delivered after the reconnect");
        Assert.All(collector.Messages, m => Assert.StartsWith("<8", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ControlCharacterInObjectId_ForwardedSanitised_AndTheNextEventStillArrives()
    {
        // A DICOMweb search path with %01 becomes an object id with U+0001, which XML cannot hold; it used to fail every
        // message after it as if the collector were away.
        await using var collector = SyslogCollector.Start(_files.Combine("ca.pem"));
        await using var server = await ServerProcess.StartAsync(Settings(collector.Port, collector.CaCertificatePath));
        var (facility, key) = await HandoffApi.RegisterFacilityAsync(server, "syslog-ctl");
        var marker = Guid.NewGuid().ToString("N");
        using var http = new HttpClient { Timeout = Deadline };
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.WebAddress, $"/dicomweb/studies/%01{marker}/series")))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request);
        }
        var missing = Guid.NewGuid().ToString();
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, () => facility.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = missing }));

        await Poll.UntilAsync(() => collector.Messages.Any(m => m.Contains(missing, StringComparison.Ordinal)), Deadline, "the event after the bad one");
        var sanitised = Assert.Single(collector.Messages, m => m.Contains(marker, StringComparison.Ordinal));
        var xml = XDocument.Parse(sanitised[(sanitised.IndexOf('\uFEFF', StringComparison.Ordinal) + 1)..]).Root!;
        Assert.Equal($"\uFFFD{marker}", xml.Element("ParticipantObjectIdentification")?.Attribute("ParticipantObjectID")?.Value);
    }

    [Fact]
    public async Task CollectorNeverAnswers_HandshakeTimesOut_AndForwarderReconnects()
    {
        // Accepts connections and never reads or answers: without a timeout the first TLS handshake waits forever.
        var caPath = _files.Combine("ca.pem");
        await using (SyslogCollector.Start(caPath)) { } // only for the CA file the server checks at start
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                    accepted.Add(await listener.AcceptTcpClientAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        });
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var settings = Settings(port, caPath);
            await using var server = await ServerProcess.StartAsync(new ServerSettings { Arguments = [.. settings.Arguments, "--Handoff:Audit:Syslog:Timeout=00:00:01"] });
            await HandoffApi.RegisterFacilityAsync(server, "syslog-stall");

            await Poll.UntilAsync(() => accepted.Count >= 2, Deadline, "a second connection after the stalled handshake timed out");
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            foreach (var client in accepted)
                client.Dispose();
        }
    }

    private static ServerSettings Settings(int port, string caPath, int queue = 1000) => new()
    {
        Arguments =
        [
            "--Handoff:Audit:Syslog:Host=localhost",
            $"--Handoff:Audit:Syslog:Port={port}",
            $"--Handoff:Audit:Syslog:CaCertificatePath={caPath}",
            $"--Handoff:Audit:Syslog:QueueCapacity={queue}",
        ],
    };
}
