using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Handoff.Client;
using Handoff.Client.Receipts;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Protos.V1;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Gateway.Tests;

/// <summary>
/// Delivery with a real server and real PACS: a transfer sent to the facility is stored by its gateway into the PACS
/// (dcmtk storescp, Orthanc with storage commitment) and acknowledged only once the PACS holds every instance, with
/// the PACS (and the commitment) in the receipt the source sees; a PACS that is down puts the reason on the timeline
/// and holds the acknowledgement back until it is up and holds everything.
/// </summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-delivery");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task TransferArrives_GatewayStoresItIntoThePacs_AcknowledgedWithThePacsInTheReceipt()
    {
        var (north, southKey) = await RegisterAsync("dl-north", "dl-south");
        var port = FreePorts.Take(1)[0];
        var pacsFolder = Directory.CreateDirectory(_folder.Combine("pacs")).FullName;
        await using var pacs = StartStorescp("PACS_B", port, pacsFolder);
        await DicomPeer.WaitListeningAsync(port, Deadline);
        await using var gateway = StartGateway(southKey, new PacsAddress("PACS_B", "127.0.0.1", port));
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 301, slices: 4, rows: 64, columns: 64);

        var sent = await LibraryUpload.SendAsync(north, "dl-south", study);
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        Assert.Equal("PACS_B", transfer.Acknowledgement.Delivery.AeTitle);
        Assert.Equal(4, transfer.Acknowledgement.Delivery.InstancesStored);
        Assert.False(transfer.Acknowledgement.Delivery.Committed);
        AssertPacsHoldsAsSent(study, "DL-NORTH-MRN", pacsFolder);
        await Poll.UntilAsync(() => !Directory.Exists(Path.Combine(gateway.Spool, "deliver", sent.TransferId)), Deadline, "the delivery folder removed once acknowledged");
    }

    [Fact]
    public async Task PacsDown_ReasonOnTheTimeline_AcknowledgedOnlyOnceThePacsIsUpAndHoldsEverything()
    {
        var (north, southKey) = await RegisterAsync("dl-north-2", "dl-south-2");
        var port = FreePorts.Take(1)[0];
        await using var gateway = StartGateway(southKey, new PacsAddress("PACS_B", "127.0.0.1", port));
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 302, slices: 3, rows: 64, columns: 64);

        var sent = await LibraryUpload.SendAsync(north, "dl-south-2", study);
        using var client = north.CreateClient();
        var waiting = await Poll.ForAsync(async () =>
            (await client.GetTransferAsync(sent.TransferId)).Timeline.FirstOrDefault(e => e.Type == TransferEventType.DeliveryWaiting), Deadline, "the PACS problem on the timeline");
        Assert.Contains("PACS_B", waiting.Detail, StringComparison.Ordinal);
        Assert.NotEqual(TransferState.Acknowledged, (await client.GetTransferAsync(sent.TransferId)).State);

        var pacsFolder = Directory.CreateDirectory(_folder.Combine("pacs")).FullName;
        await using var pacs = StartStorescp("PACS_B", port, pacsFolder);
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        Assert.Equal(3, transfer.Acknowledgement.Delivery.InstancesStored);
        AssertPacsHoldsAsSent(study, "DL-NORTH-2-MRN", pacsFolder);
    }

    [Fact]
    public async Task PacsKilledMidDelivery_RestartedWithAnEmptyStore_OnlyTheRestStored_AcknowledgedOnlyAtTheEnd()
    {
        var (north, southKey) = await RegisterAsync("dl-north-5", "dl-south-5");
        var port = FreePorts.Take(1)[0];
        var firstStore = Directory.CreateDirectory(_folder.Combine("pacs-before")).FullName;
        var slowPacs = DicomPeer.Start("storescp", "-aet", "PACS_B", "+B", "+xa", "--sleep-after", "1", "--output-directory", firstStore, port.ToString(CultureInfo.InvariantCulture));
        await DicomPeer.WaitListeningAsync(port, Deadline);
        await using var gateway = StartGateway(southKey, new PacsAddress("PACS_B", "127.0.0.1", port));
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 305, slices: 8, rows: 64, columns: 64);

        var sent = await LibraryUpload.SendAsync(north, "dl-south-5", study);
        await Poll.UntilAsync(() => Directory.GetFiles(firstStore).Length >= 2, Deadline, "the PACS part way through the study");
        await slowPacs.DisposeAsync(); // SIGKILL, mid-association
        var storedBefore = Directory.GetFiles(firstStore).Length;
        Assert.True(storedBefore < study.Instances.Count, $"the PACS held all {storedBefore} before it was killed: the test did not stop it mid-delivery");

        using var client = north.CreateClient();
        await Poll.UntilAsync(async () =>
            (await client.GetTransferAsync(sent.TransferId)).Timeline.Any(e => e.Type == TransferEventType.DeliveryWaiting), Deadline, "the PACS failure on the timeline");
        Assert.NotEqual(TransferState.Acknowledged, (await client.GetTransferAsync(sent.TransferId)).State);

        var secondStore = Directory.CreateDirectory(_folder.Combine("pacs-after")).FullName;
        await using var pacs = StartStorescp("PACS_B", port, secondStore);
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        Assert.Equal(study.Instances.Count, transfer.Acknowledgement.Delivery.InstancesStored);
        var storedAfter = Directory.GetFiles(secondStore).Length;
        // Each instance the PACS answered success for before it died is not stored again; the one it was
        // storing (written but never answered) may be.
        Assert.InRange(storedAfter, study.Instances.Count - storedBefore, study.Instances.Count - storedBefore + 1);
        AssertPacsHoldsAsSent(study, "DL-NORTH-5-MRN", firstStore, secondStore);
    }

    [Fact]
    public async Task OrthancWithStorageCommitment_AcknowledgedOnlyOnceCommitted_ReceiptNamesTheCommitment()
    {
        var (north, southKey) = await RegisterAsync("dl-north-3", "dl-south-3");
        var gatewayPort = FreePorts.Take(1)[0];
        await using var orthanc = await OrthancPeer.StartAsync("ORTHANC_B", Deadline, ("SOUTH_GW", gatewayPort));
        // The gateway signs its receipts with a key made on its own machine; the server holds only the public half.
        using var receiptKey = ReceiptSigningKey.Create(_folder.Combine("south-receipt.pem"));
        using (var south = new HandoffClient(HandoffClientOptions.For(new Uri(_server.Address), southKey)))
            await south.RegisterReceiptKeyAsync(receiptKey.PublicKey);
        await using var gateway = StartGateway(southKey, new PacsAddress("ORTHANC_B", "127.0.0.1", orthanc.DicomPort), commit: true, listenPort: gatewayPort, receiptKey: receiptKey);
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 303, slices: 3, rows: 64, columns: 64);

        var sent = await LibraryUpload.SendAsync(north, "dl-south-3", study);
        var transfer = await Delivered.AcknowledgedAsync(north, sent.TransferId);

        var delivery = transfer.Acknowledgement.Delivery;
        Assert.Equal("ORTHANC_B", delivery.AeTitle);
        Assert.True(delivery.Committed);
        Assert.StartsWith("2.25.", delivery.CommitmentTransactionUid, StringComparison.Ordinal);
        // The signed receipt carries the PACS's acceptance and its storage commitment, and verifies offline.
        using (var source = north.CreateClient())
        {
            var verified = ReceiptVerifier.Verify(ReceiptDocument.From(await source.GetReceiptAsync(sent.TransferId)), ReceiptKeySet.From(await source.ListReceiptKeysAsync()), sent.TransferId);
            Assert.True(verified.Valid, verified.Summary);
            Assert.Equal(new ReceiptDelivery("ORTHANC_B", study.Instances.Count, true, delivery.CommitmentTransactionUid), verified.Content!.Delivery);
        }
        using var http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{orthanc.HttpPort}/")) };
        var held = await http.GetFromJsonAsync<JsonElement>("instances?expand");
        var uids = held.EnumerateArray().Select(i => i.GetProperty("MainDicomTags").GetProperty("SOPInstanceUID").GetString()).ToHashSet();
        Assert.True(study.Instances.All(i => uids.Contains(i.SopInstanceUid)), $"Orthanc holds {uids.Count} instances, not every one sent");
    }

    [Fact]
    public async Task PacsTakesOnlyImplicitLittleEndian_UncompressedConverted_CompressedNamedOnTheTimeline_NotAcknowledged()
    {
        var (north, southKey) = await RegisterAsync("dl-north-4", "dl-south-4");
        var port = FreePorts.Take(1)[0];
        var pacsFolder = Directory.CreateDirectory(_folder.Combine("pacs")).FullName;
        await using var pacs = DicomPeer.Start("storescp", "-aet", "PACS_B", "+xi", "--output-directory", pacsFolder, port.ToString(CultureInfo.InvariantCulture));
        await DicomPeer.WaitListeningAsync(port, Deadline);
        await using var gateway = StartGateway(southKey, new PacsAddress("PACS_B", "127.0.0.1", port));
        const string corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
        var uncompressed = Path.Combine(corpus, "CT_small.dcm");
        var jpeg = Path.Combine(corpus, "JPEG-lossy.dcm");

        using var client = north.CreateClient();
        var sent = await client.SendAsync(new FolderInstanceSource([Describe(uncompressed), Describe(jpeg)]), new SendOptions { DestinationFacilityId = "dl-south-4" });
        var jpegUid = Describe(jpeg).SopInstanceUid;
        var waiting = await Poll.ForAsync(async () =>
            (await client.GetTransferAsync(sent.TransferId)).Timeline.FirstOrDefault(e => e.Type == TransferEventType.DeliveryWaiting && e.Detail.Contains(jpegUid, StringComparison.Ordinal)),
            Deadline, "the refused instance named on the timeline");

        Assert.Contains("in none of the instance's transfer syntaxes", waiting.Detail, StringComparison.Ordinal);
        Assert.NotEqual(TransferState.Acknowledged, (await client.GetTransferAsync(sent.TransferId)).State);
        var stored = DicomFile.Open(Assert.Single(Directory.GetFiles(pacsFolder)), new DicomReadOptions { StopBeforePixelData = true });
        Assert.Equal(Describe(uncompressed).SopInstanceUid, stored.Dataset.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian.Uid, stored.TransferSyntax.Uid);
    }

    private static InstanceFile Describe(string path)
    {
        var header = DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
        return new InstanceFile(path, header.GetString(DicomTag.StudyInstanceUID)!, header.GetString(DicomTag.SeriesInstanceUID)!, header.GetString(DicomTag.SOPInstanceUID)!);
    }

    private async Task<(HandoffApi North, string SouthKey)> RegisterAsync(string northId, string southId)
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, northId);
        var (_, southKey) = await HandoffApi.RegisterFacilityAsync(_server, southId);
        return (north, southKey);
    }

    private static DicomPeer StartStorescp(string aeTitle, int port, string folder) =>
        DicomPeer.Start("storescp", "-aet", aeTitle, "+B", "+xa", "--output-directory", folder, port.ToString(CultureInfo.InvariantCulture));

    private RunningGateway StartGateway(string key, PacsAddress pacs, bool commit = false, int listenPort = 0, ReceiptSigningKey? receiptKey = null) =>
        RunningGateway.Start(_server, key, new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, listenPort),
            AeTitle = "SOUTH_GW",
            Deliver = DeliveryTarget.Of(pacs),
            Commit = commit,
            Spool = _folder.Combine($"spool-{Guid.NewGuid():N}"),
            DeliveryRetry = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
            CommitmentTimeout = TimeSpan.FromSeconds(30),
        }, receiptKey);

    /// <summary>Every instance held by the PACS (the latest copy) as sent, but for the source's issuer filled in.</summary>
    private static void AssertPacsHoldsAsSent(LocalStudy study, string issuer, params string[] pacsFolders)
    {
        var written = pacsFolders.SelectMany(Directory.GetFiles).ToLookup(
            path => DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)!, StringComparer.Ordinal)
            .ToDictionary(copies => copies.Key, copies => copies.Last(), StringComparer.Ordinal);
        foreach (var instance in study.Instances)
        {
            Assert.True(written.TryGetValue(instance.SopInstanceUid, out var copy), $"the PACS holds no {instance.SopInstanceUid}");
            Delivered.AssertHeldAsSentWithIssuer(File.ReadAllBytes(instance.Path), File.ReadAllBytes(copy), issuer);
        }
    }
}
