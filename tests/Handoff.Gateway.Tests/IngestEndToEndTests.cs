using System.Net;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Dicom.Synthetic;
using Handoff.Dimse.Association;
using Handoff.Dimse.Messages;
using Handoff.Dimse.Services;
using Handoff.Dimse.Storage;
using Handoff.Dimse.UpperLayer;
using Handoff.Gateway.Ingest;
using Handoff.Protos.V1;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Gateway.Tests;

/// <summary>
/// Ingest end to end with a real server: a modality C-STOREs a study to a route's AE title; the gateway sends each
/// instance on at once, as one STAT transfer to the route's facility, which receives every data set exactly as the
/// modality sent it; once the route is quiet the study is completed and the spool emptied.
/// </summary>
public sealed class IngestEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-e2e");
    private readonly List<HandoffClient> _clients = [];
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Modality_SendsAStudyToARoute_DestinationReceivesEveryDataSetAsSent()
    {
        var (north, south) = await RegisterAsync("gw-north", "gw-south");
        var spool = _folder.Combine("spool");
        await using var gateway = StartGateway(north, spool, "gw-south");
        var slices = SyntheticCtStudy.Write(_folder.Combine("modality"), new SyntheticStudyOptions { Slices = 3, Seed = 77, Rows = 128, Columns = 128 }).ToList();

        await StoreAsync(gateway.Port, slices);
        var transfer = await Poll.ForAsync(async () => (await south.ListTransfersAsync()).FirstOrDefault(), Deadline, "the transfer in the destination's inbox");
        var received = await south.ReceiveAsync(transfer.Id, new FolderInstanceSink(_folder.Combine("received")), cancellationToken: new CancellationTokenSource(Deadline).Token);
        await Poll.UntilAsync(() => Directory.GetFiles(Path.Combine(spool, "TO_SOUTH"), "*.dcm").Length == 0, Deadline, "the spool emptied once the route was quiet");

        Assert.Equal(Priority.Stat, transfer.Priority);
        Assert.Single(await south.ListTransfersAsync());
        Assert.Equal(3, received.Instances);
        Assert.True(received.Acknowledged);
        AssertReceivedAsSent(slices, _folder.Combine("received"));
    }

    [Fact]
    public async Task ServerDownWhileTheModalitySends_StoresSucceedAndTheStudyArrivesOnceTheServerIsBack()
    {
        var (north, south) = await RegisterAsync("gw-north-2", "gw-south-2");
        var spool = _folder.Combine("spool");
        await using var gateway = StartGateway(north, spool, "gw-south-2");
        var slices = SyntheticCtStudy.Write(_folder.Combine("modality"), new SyntheticStudyOptions { Slices = 3, Seed = 78, Rows = 96, Columns = 96 }).ToList();

        _server.Kill();
        await StoreAsync(gateway.Port, slices); // answered Success: each file is on the gateway's disk
        Assert.Equal(3, Directory.GetFiles(Path.Combine(spool, "TO_SOUTH"), "*.dcm").Length);
        Assert.False(gateway.Uploading.IsCompleted, "the uploader keeps waiting for the server");
        await _server.RestartAsync();

        var transfer = await Poll.ForAsync(async () => (await south.ListTransfersAsync()).FirstOrDefault(), Deadline, "the transfer in the destination's inbox after the restart");
        var received = await south.ReceiveAsync(transfer.Id, new FolderInstanceSink(_folder.Combine("received")), cancellationToken: new CancellationTokenSource(Deadline).Token);
        Assert.Equal(3, received.Instances);
        AssertReceivedAsSent(slices, _folder.Combine("received"));
        await Poll.UntilAsync(() => Directory.GetFiles(Path.Combine(spool, "TO_SOUTH"), "*.dcm").Length == 0, Deadline, "the spool emptied once the route was quiet");
    }

    [Fact]
    public async Task AbortInTheMiddleOfAnInstance_NothingOfItIsSent_TheNextInstanceIs()
    {
        var (north, south) = await RegisterAsync("gw-north-3", "gw-south-3");
        var spool = _folder.Combine("spool");
        await using var gateway = StartGateway(north, spool, "gw-south-3");
        // 512 x 512 slices: a data set spans several PDUs, so the first ones reach the gateway before the abort.
        var slices = SyntheticCtStudy.Write(_folder.Combine("modality"), new SyntheticStudyOptions { Slices = 2, Seed = 79 }).ToList();
        var cut = StorageScu.Inspect(slices[0]);
        var request = new AssociationParameters { CalledAeTitle = "TO_SOUTH", CallingAeTitle = "CT_SCANNER", Proposals = StorageScu.Proposals([cut]) };
        var association = await DicomAssociation.RequestAsync("127.0.0.1", gateway.Port, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None);
        var command = DimseCommands.Request(CommandField.CStoreRequest, cut.SopClassUid, association.NextMessageId());
        command.SetString(CommandTags.AffectedSopInstanceUid, cut.SopInstanceUid, isUid: true);
        var dataSet = File.ReadAllBytes(slices[0])[(int)cut.DatasetOffset..];

        await Assert.ThrowsAsync<IOException>(async () =>
            await association.SendAsync(1, command, new CutStream(dataSet, (int)new PduLimits().MaxDataPduLength + 1000), dataSet.Length, CancellationToken.None));
        await Poll.UntilAsync(() => Directory.Exists(Path.Combine(spool, "TO_SOUTH")) && Directory.GetFiles(Path.Combine(spool, "TO_SOUTH"), "*.part").Length == 1, Deadline, "the instance being written");
        await association.AbortAsync();
        await association.DisposeAsync();
        await Poll.UntilAsync(() => Directory.GetFiles(Path.Combine(spool, "TO_SOUTH")).Length == 0, Deadline, "the half instance removed");
        await StoreAsync(gateway.Port, [slices[1]]);

        var transfer = await Poll.ForAsync(async () =>
        {
            var arrived = (await south.ListTransfersAsync()).FirstOrDefault();
            return arrived is { Studies.Count: > 0 } && arrived.Studies.All(s => s.Complete) ? arrived : null;
        }, Deadline, "the transfer complete once the route is quiet");
        var study = Assert.Single(transfer.Studies);
        Assert.Equal(1, study.InstancesDeclared);
        var received = await south.ReceiveAsync(transfer.Id, new FolderInstanceSink(_folder.Combine("received")), cancellationToken: new CancellationTokenSource(Deadline).Token);
        Assert.Equal(1, received.Instances);
        AssertReceivedAsSent([slices[1]], _folder.Combine("received"));
    }

    private async Task<(HandoffClient North, HandoffClient South)> RegisterAsync(string northId, string southId)
    {
        var (_, northKey) = await HandoffApi.RegisterFacilityAsync(_server, northId);
        var (_, southKey) = await HandoffApi.RegisterFacilityAsync(_server, southId);
        var north = new HandoffClient(HandoffClientOptions.For(new Uri(_server.Address), northKey) with { RetryFor = TimeSpan.FromSeconds(2) });
        var south = new HandoffClient(HandoffClientOptions.For(new Uri(_server.Address), southKey));
        _clients.Add(north);
        _clients.Add(south);
        return (north, south);
    }

    private static RunningIngest StartGateway(HandoffClient client, string spool, string destination)
    {
        var policy = new IngestPolicy("NORTH_GW", [new GatewayRoute("TO_SOUTH", destination, Priority.Stat)], []);
        var uploader = new IngestUploader(client, policy, spool, NullLogger.Instance)
        {
            QuietWindow = TimeSpan.FromSeconds(2),
            FirstRetryDelay = TimeSpan.FromMilliseconds(200),
            LongestRetryDelay = TimeSpan.FromSeconds(1),
        };
        var store = new FolderInstanceStore(i => Path.Combine(spool, i.CalledAeTitle)) { Stored = uploader.StoredAsync };
        var server = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), new IngestProvider(policy, store, NullLogger.Instance), new DicomServerOptions(), NullLogger.Instance);
        server.Start();
        var stop = new CancellationTokenSource();
        return new RunningIngest(server, uploader.RunAsync(stop.Token), stop);
    }

    private static async Task StoreAsync(int port, IReadOnlyList<string> slices)
    {
        var files = slices.Select(StorageScu.Inspect).ToList();
        var request = new AssociationParameters { CalledAeTitle = "TO_SOUTH", CallingAeTitle = "CT_SCANNER", Proposals = StorageScu.Proposals(files) };
        await using var association = await DicomAssociation.RequestAsync("127.0.0.1", port, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None);
        foreach (var file in files)
            Assert.Equal(DimseStatus.Success, await StorageScu.StoreAsync(association, file, CancellationToken.None));
        await association.ReleaseAsync();
    }

    private static void AssertReceivedAsSent(IEnumerable<string> slices, string receivedFolder)
    {
        foreach (var slice in slices)
        {
            var sent = DicomFile.Open(slice, new DicomReadOptions { StopBeforePixelData = true });
            var path = Directory.GetFiles(receivedFolder, sent.Dataset.GetString(DicomTag.SOPInstanceUID) + ".dcm", SearchOption.AllDirectories).Single();
            var arrived = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
            Assert.Equal(File.ReadAllBytes(slice)[(int)sent.DatasetOffset..], File.ReadAllBytes(path)[(int)arrived.DatasetOffset..]);
            Assert.Equal("CT_SCANNER", arrived.FileMetaInformation.GetString(DicomTag.SourceApplicationEntityTitle));
        }
    }

    /// <summary>A gateway's ingest running in the test: its DICOM server and its uploader, stopped together.</summary>
    private sealed record RunningIngest(DicomServer Server, Task Uploading, CancellationTokenSource Stop) : IAsyncDisposable
    {
        public int Port => Server.LocalEndpoint.Port;

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Uploading);
            await Server.DisposeAsync();
            Stop.Dispose();
        }
    }
}
