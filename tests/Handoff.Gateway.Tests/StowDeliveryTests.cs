using System.Net;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Gateway.Tests;

/// <summary>
/// Delivery by DICOMweb (`--deliver http://…`): the south gateway STOWs each transfer into Orthanc's DICOMweb plugin;
/// the transfer is acknowledged with the PACS's URL in the receipt only once Orthanc holds every instance with its data
/// set as sent but for the sender's issuer filled in; while the PACS cannot be reached the reason is on the timeline and nothing is acknowledged.
/// </summary>
public sealed class StowDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-stow");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task TransferArrives_StowedIntoOrthanc_AcknowledgedWithItsUrlInTheReceipt()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "stow-north");
        var (_, southKey) = await HandoffApi.RegisterFacilityAsync(_server, "stow-south");
        await using var orthanc = await OrthancPeer.StartWithDicomWebAsync("ORTHANC_B", Deadline, new Dictionary<string, (Uri, string?)>());
        var url = orthanc.DicomWebRoot.ToString().TrimEnd('/');
        await using var gateway = StartGateway(southKey, url);
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 801, slices: 5, rows: 64, columns: 64, series: 2);

        var sent = await LibraryUpload.SendAsync(north, "stow-south", study);
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        var delivery = transfer.Acknowledgement.Delivery;
        Assert.Equal(url, delivery.StowUrl);
        Assert.Equal("", delivery.AeTitle);
        Assert.Equal(5, delivery.InstancesStored);
        Assert.False(delivery.Committed);
        Assert.Contains($"stored in PACS at {url}", transfer.Timeline.Single(e => e.Type == TransferEventType.Acknowledged).Detail, StringComparison.Ordinal);
        foreach (var instance in study.Instances)
        {
            var held = await orthanc.FileOfAsync(instance.SopInstanceUid);
            Assert.True(held is not null, $"Orthanc holds no {instance.SopInstanceUid}");
            Delivered.AssertHeldAsSentWithIssuer(File.ReadAllBytes(instance.Path), held, "STOW-NORTH-MRN");
        }
    }

    [Fact]
    public async Task PacsDown_ReasonOnTheTimeline_AcknowledgedOnlyOnceItIsUpAndHoldsEverything()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "stow-north-2");
        var (_, southKey) = await HandoffApi.RegisterFacilityAsync(_server, "stow-south-2");
        var port = FreePorts.Take(1)[0];
        await using var gateway = StartGateway(southKey, $"http://127.0.0.1:{port}/dicom-web");
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 802, slices: 3, rows: 64, columns: 64);

        var sent = await LibraryUpload.SendAsync(north, "stow-south-2", study);
        using var client = north.CreateClient();
        var waiting = await Poll.ForAsync(async () =>
            (await client.GetTransferAsync(sent.TransferId)).Timeline.FirstOrDefault(e => e.Type == TransferEventType.DeliveryWaiting), Deadline, "the PACS problem on the timeline");
        Assert.Contains($"http://127.0.0.1:{port}/dicom-web", waiting.Detail, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", waiting.Detail, StringComparison.Ordinal);
        Assert.NotEqual(TransferState.Acknowledged, (await client.GetTransferAsync(sent.TransferId)).State);

        await using var orthanc = await OrthancPeer.StartWithDicomWebAsync("ORTHANC_B", Deadline, new Dictionary<string, (Uri, string?)>(), httpPort: port);
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        Assert.Equal(3, transfer.Acknowledgement.Delivery.InstancesStored);
        foreach (var instance in study.Instances)
            Assert.NotNull(await orthanc.FileOfAsync(instance.SopInstanceUid));
    }

    [Fact]
    public void Settings_CommitWithADicomWebPacs_RefusedNamingTheOption()
    {
        var settings = new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AeTitle = "SOUTH_GW",
            Deliver = DeliveryTarget.Parse("http://127.0.0.1:8042/dicom-web"),
            Commit = true,
            Spool = _folder.Combine("spool"),
        };

        var refused = Assert.Throws<FormatException>(() => settings.Validate());

        Assert.Contains("--commit", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AE@HOST:PORT", refused.Message, StringComparison.Ordinal);
    }

    private RunningGateway StartGateway(string key, string url) =>
        RunningGateway.Start(_server, key, new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AeTitle = "SOUTH_GW",
            Deliver = DeliveryTarget.Parse(url),
            Spool = _folder.Combine($"spool-{Guid.NewGuid():N}"),
            DeliveryRetry = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
        });
}
