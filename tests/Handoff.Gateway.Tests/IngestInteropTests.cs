using System.Globalization;
using System.Net;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Gateway.Ingest;
using Handoff.Protos.V1;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Gateway.Tests;

/// <summary>
/// The gateway's ingest face against dcmtk: a route's AE title accepts storage and stores into that route's spool,
/// the gateway's own AE answers C-ECHO only, an AE title with no route or a caller not on the allow list is
/// rejected with the standard's reason, and a query (not storage) is refused at negotiation.
/// </summary>
public sealed class IngestInteropTests : IAsyncLifetime
{
    private const string CtSmall = "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempFolder _spool = new("gateway-spool");
    private DicomServer _server = null!;

    private string Port => _server.LocalEndpoint.Port.ToString(CultureInfo.InvariantCulture);

    public Task InitializeAsync()
    {
        var policy = new IngestPolicy("HANDOFF_GW", [new GatewayRoute("TO_SOUTH", "stroke@south", Priority.Stat)], ["CT_SCANNER", "PACS"]);
        var store = new FolderInstanceStore(instance => _spool.Combine(instance.CalledAeTitle));
        _server = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), new IngestProvider(policy, store, NullLogger.Instance), new DicomServerOptions(), NullLogger.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _spool.Dispose();
    }

    [Fact]
    public async Task Storescu_ToARoute_StoredInThatRoutesSpool()
    {
        var store = await DicomPeer.RunAsync(Deadline, "storescu", "-aet", "CT_SCANNER", "-aec", "TO_SOUTH", "127.0.0.1", Port, CtSmall);

        Assert.True(store.ExitCode == 0, store.ToString());
        Assert.Single(Directory.GetFiles(_spool.Combine("TO_SOUTH"), "*.dcm"));
    }

    [Theory]
    [InlineData("CT_SCANNER", "TO_NOWHERE", "Called AE Title Not Recognized")]
    [InlineData("LAPTOP", "TO_SOUTH", "Calling AE Title Not Recognized")]
    public async Task Storescu_NoRouteOrNotAllowed_RejectedAndNothingStored(string calling, string called, string reason)
    {
        var store = await DicomPeer.RunAsync(Deadline, "storescu", "-aet", calling, "-aec", called, "127.0.0.1", Port, CtSmall);

        Assert.NotEqual(0, store.ExitCode);
        Assert.Contains(reason, store.StandardError + store.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(_spool.Combine(called)));
    }

    [Fact]
    public async Task Echoscu_TheGatewaysOwnAe_Answered()
    {
        var echo = await DicomPeer.RunAsync(Deadline, "echoscu", "-aet", "PACS", "-aec", "HANDOFF_GW", "127.0.0.1", Port);

        Assert.True(echo.ExitCode == 0, echo.ToString());
    }

    [Fact]
    public async Task Storescu_ToTheGatewaysOwnAe_NoStorageContextAccepted()
    {
        var store = await DicomPeer.RunAsync(Deadline, "storescu", "-aet", "CT_SCANNER", "-aec", "HANDOFF_GW", "127.0.0.1", Port, CtSmall);

        Assert.NotEqual(0, store.ExitCode);
        Assert.False(Directory.Exists(_spool.Combine("HANDOFF_GW")));
    }
}
