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
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Modality_SendsAStudyToARoute_DestinationReceivesEveryDataSetAsSent()
    {
        var (_, northKey) = await HandoffApi.RegisterFacilityAsync(_server, "gw-north");
        var (_, southKey) = await HandoffApi.RegisterFacilityAsync(_server, "gw-south");
        using var north = new HandoffClient(HandoffClientOptions.For(new Uri(_server.Address), northKey));
        using var south = new HandoffClient(HandoffClientOptions.For(new Uri(_server.Address), southKey));
        var spool = _folder.Combine("spool");
        var policy = new IngestPolicy("NORTH_GW", [new GatewayRoute("TO_SOUTH", "gw-south", Priority.Stat)], []);
        var uploader = new IngestUploader(north, policy, spool, NullLogger.Instance) { QuietWindow = TimeSpan.FromSeconds(2) };
        var store = new FolderInstanceStore(i => Path.Combine(spool, i.CalledAeTitle)) { Stored = uploader.StoredAsync };
        await using var gateway = new DicomServer(new IPEndPoint(IPAddress.Loopback, 0), new IngestProvider(policy, store, NullLogger.Instance), new DicomServerOptions(), NullLogger.Instance);
        gateway.Start();
        using var stop = new CancellationTokenSource();
        var uploading = uploader.RunAsync(stop.Token);
        var slices = SyntheticCtStudy.Write(_folder.Combine("modality"), new SyntheticStudyOptions { Slices = 3, Seed = 77, Rows = 128, Columns = 128 }).ToList();

        var files = slices.Select(StorageScu.Inspect).ToList();
        var request = new AssociationParameters { CalledAeTitle = "TO_SOUTH", CallingAeTitle = "CT_SCANNER", Proposals = StorageScu.Proposals(files) };
        await using (var association = await DicomAssociation.RequestAsync("127.0.0.1", gateway.LocalEndpoint.Port, request, new PduLimits(), new AssociationTimeouts(), CancellationToken.None))
        {
            foreach (var file in files)
                Assert.Equal(DimseStatus.Success, await StorageScu.StoreAsync(association, file, CancellationToken.None));
            await association.ReleaseAsync();
        }
        var transfer = await Poll.ForAsync(async () => (await south.ListTransfersAsync()).FirstOrDefault(), Deadline, "the transfer in the destination's inbox");
        var received = await south.ReceiveAsync(transfer.Id, new FolderInstanceSink(_folder.Combine("received")), cancellationToken: new CancellationTokenSource(Deadline).Token);
        await Poll.UntilAsync(() => Directory.GetFiles(Path.Combine(spool, "TO_SOUTH"), "*.dcm").Length == 0, Deadline, "the spool emptied once the route was quiet");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploading);

        Assert.Equal(Priority.Stat, transfer.Priority);
        Assert.Single(await south.ListTransfersAsync());
        Assert.Equal(3, received.Instances);
        Assert.True(received.Acknowledged);
        foreach (var slice in slices)
        {
            var sent = DicomFile.Open(slice, new DicomReadOptions { StopBeforePixelData = true });
            var path = Directory.GetFiles(_folder.Combine("received"), sent.Dataset.GetString(DicomTag.SOPInstanceUID) + ".dcm", SearchOption.AllDirectories).Single();
            var arrived = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true });
            Assert.Equal(File.ReadAllBytes(slice)[(int)sent.DatasetOffset..], File.ReadAllBytes(path)[(int)arrived.DatasetOffset..]);
            Assert.Equal("CT_SCANNER", arrived.FileMetaInformation.GetString(DicomTag.SourceApplicationEntityTitle));
        }
    }
}
