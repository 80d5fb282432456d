using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Handoff.Dimse.Association;
using Handoff.Dimse.Services;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>
/// Hundreds of connections sending mutated and truncated association requests at a listener: every one ends (an
/// A-ABORT, a rejection or a close) within the timeouts, none takes the listener down, and a real peer is served
/// after them.
/// </summary>
public sealed class HostilePeerTests : IAsyncLifetime
{
    private const int Connections = 400;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly VerificationProvider _provider = new("HANDOFF");
    private DicomServer _server = null!;

    public Task InitializeAsync()
    {
        var options = new DicomServerOptions { Timeouts = new AssociationTimeouts { Artim = TimeSpan.FromSeconds(3), Idle = TimeSpan.FromSeconds(3) } };
        _server = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), _provider, options, NullLogger.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Listener_MutatedRequestsFromManyConnections_EachEndsAndARealPeerIsServedAfter()
    {
        var request = AssociatePduWriter.Request(new AssociationParameters
        {
            CalledAeTitle = "HANDOFF",
            CallingAeTitle = "FUZZER",
            Proposals = [new PresentationContextProposal(1, Verification.SopClassUid, Verification.BasicTransferSyntaxes)],
        });
        var random = new Random(42);
        var mutations = Enumerable.Range(0, Connections).Select(_ => Mutate((byte[])request.Clone(), random)).ToList();

        using var timeout = new CancellationTokenSource(Deadline);
        await Parallel.ForEachAsync(mutations, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = timeout.Token }, async (bytes, token) =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, _server.LocalEndpoint.Port, token);
            var stream = client.GetStream();
            try
            {
                await stream.WriteAsync(bytes, token);
                client.Client.Shutdown(SocketShutdown.Send);
                var sink = new byte[4096];
                while (await stream.ReadAsync(sink, token) > 0)
                {
                    // an answer (A-ASSOCIATE-AC/RJ, A-ABORT) then the close
                }
            }
            catch (IOException)
            {
                // the listener closed first: as good an end as any
            }
        });

        var echo = await DicomPeer.RunAsync(Deadline, "echoscu", "-aec", "HANDOFF", "127.0.0.1", _server.LocalEndpoint.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(echo.ExitCode == 0, echo.ToString());
    }

    /// <summary>Flips bytes, writes a large length somewhere, or truncates; the PDU header's own length is left as it was or spoiled too.</summary>
    private static byte[] Mutate(byte[] pdu, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                for (var n = random.Next(1, 4); n > 0; n--)
                    pdu[random.Next(pdu.Length)] ^= (byte)random.Next(1, 256);
                return pdu;
            case 1:
                BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(random.Next(pdu.Length - 4)), (uint)random.Next());
                return pdu;
            case 2:
                BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), uint.MaxValue - (uint)random.Next(1000));
                return pdu;
            default:
                return pdu[..random.Next(1, pdu.Length)];
        }
    }
}
