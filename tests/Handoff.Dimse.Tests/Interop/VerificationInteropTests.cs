using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.UpperLayer;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Dimse.Tests.Interop;

/// <summary>
/// The upper layer against dcmtk, both ways: echoscu associates with this node and gets its C-ECHO answered, or
/// the standard's rejection for a wrong called or calling AE title; this node associates with storescp and echoes
/// it. A peer that sends garbage or declares a 4 GB PDU is aborted, and the node goes on serving the next one.
/// </summary>
public sealed class VerificationInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly VerificationProvider _provider = new("HANDOFF", ["ECHOSCU"]);
    private DicomServer _server = null!;

    private string Port => _server.LocalEndpoint.Port.ToString(CultureInfo.InvariantCulture);

    public Task InitializeAsync()
    {
        _server = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), _provider, new DicomServerOptions(), NullLogger.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Echoscu_CallsThisNode_EchoAnswered()
    {
        var echo = await DicomPeer.RunAsync(Deadline, "echoscu", "-aet", "ECHOSCU", "-aec", "HANDOFF", "127.0.0.1", Port);

        Assert.True(echo.ExitCode == 0, echo.ToString());
        Assert.Equal(1, _provider.Echoes);
    }

    [Theory]
    [InlineData("ECHOSCU", "SOMEONE_ELSE", "Called AE Title Not Recognized")]
    [InlineData("STRANGER", "HANDOFF", "Calling AE Title Not Recognized")]
    public async Task Echoscu_WrongAeTitle_RejectedWithTheStandardsReason(string calling, string called, string reason)
    {
        var echo = await DicomPeer.RunAsync(Deadline, "echoscu", "-aet", calling, "-aec", called, "127.0.0.1", Port);

        Assert.NotEqual(0, echo.ExitCode);
        Assert.Contains(reason, echo.StandardError + echo.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _provider.Echoes);
    }

    [Fact]
    public async Task EchoAsync_ToStorescp_Success()
    {
        var port = FreePorts.Take(1)[0];
        using var folder = new TempFolder("dimse-storescp");
        await using var storescp = DicomPeer.Start("storescp", "-aet", "STORESCP", "--output-directory", folder.Path, port.ToString(CultureInfo.InvariantCulture));
        var request = new AssociationParameters
        {
            CalledAeTitle = "STORESCP",
            CallingAeTitle = "HANDOFF",
            Proposals = [new PresentationContextProposal(1, Verification.SopClassUid, Verification.BasicTransferSyntaxes)],
        };

        var association = await Associations.ConnectWhenListeningAsync(port, request, Deadline);
        await using (association)
        {
            var status = await Verification.EchoAsync(association, CancellationToken.None);
            await association.ReleaseAsync();

            Assert.Equal(DimseStatus.Success, status);
            Assert.Equal(Verification.SopClassUid, association.ContextOf(1).AbstractSyntax);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x04, 0, 0, 0, 0, 6, 0, 0, 0, 2, 1, 3 })] // P-DATA before any association
    [InlineData(new byte[] { 0x01, 0, 0xFF, 0xFF, 0xFF, 0xF0 })] // an association request of 4 GB
    [InlineData(new byte[] { 0x09, 0, 0, 0, 0, 0 })] // a PDU type that does not exist
    [InlineData(new byte[] { 0x01, 0, 0, 0, 0, 10, 0, 1, 0, 0, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46 })] // a request cut short
    public async Task Server_HostileFirstPdu_AbortedAndTheNextPeerServed(byte[] hostile)
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, _server.LocalEndpoint.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(hostile);
            var answer = new byte[16];
            using var timeout = new CancellationTokenSource(Deadline);
            var read = await stream.ReadAtLeastAsync(answer, 1, throwOnEndOfStream: false, timeout.Token);

            Assert.True(read >= 1, "the connection closed without an A-ABORT");
            Assert.Equal((byte)PduType.Abort, answer[0]);
            Assert.Equal((byte)AbortSource.ServiceProvider, answer[8]);
        }

        var echo = await DicomPeer.RunAsync(Deadline, "echoscu", "-aet", "ECHOSCU", "-aec", "HANDOFF", "127.0.0.1", Port);
        Assert.True(echo.ExitCode == 0, echo.ToString());
    }
}
