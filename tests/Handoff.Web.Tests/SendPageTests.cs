using System.IO.Compression;
using System.Net;
using Handoff.Protos.V1;
using Handoff.Testing;
using Handoff.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Handoff.Web.Tests;

/// <summary>
/// Sending without a gateway: a coordinator at a small clinic gives the page a zip (a patient's CD, with a DICOMDIR
/// and a readme beside the images); the page sends its DICOM files by STOW-RS with progress, and the destination
/// receives exactly those instances, byte for byte, in one transfer created by that user.
/// </summary>
public sealed class SendPageTests : IClassFixture<WebFixture>, IDisposable
{
    private const float SendTimeoutMs = 60_000;

    private readonly WebFixture _web;
    private readonly TempFolder _files = new("web-send");

    public SendPageTests(WebFixture web)
    {
        _web = web;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Coordinator_SendsAZipFromThePage_DestinationReceivesEveryInstance()
    {
        await HandoffApi.RegisterFacilityAsync(_web.Server, "clinic-send");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "hospital-recv");
        var study = LocalStudy.Write(_files.Combine("cd"), seed: 4404, slices: 40, series: 2);
        var zip = _files.Combine("patient-cd.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var (instance, i) in study.Instances.Select((instance, i) => (instance, i)))
                archive.CreateEntryFromFile(instance.Path, $"DICOM/IMG{i:D4}", i % 2 == 0 ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using (var readme = new StreamWriter(archive.CreateEntry("README.TXT").Open()))
                readme.Write("Viewer on this CD: run VIEWER.EXE");
            using (var dicomdir = archive.CreateEntry("DICOMDIR").Open())
                dicomdir.Write(new byte[256]);
        }
        var page = await WebUsers.CreateAndSignInAsync(_web, "clinic-send", "sam.sender", "coordinator");

        await page.GotoAsync("/send");
        await page.FillAsync("#send-destination", "hospital-recv");
        await page.SelectOptionAsync("#send-priority", "stat");
        await page.FillAsync("#send-eta", "90m");
        var before = DateTimeOffset.UtcNow;
        await page.SetInputFilesAsync("#send-files", zip);
        await page.ClickAsync("#send-button");
        var link = page.Locator("#sent-transfer");
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = SendTimeoutMs });
        Assert.StartsWith("Sent 40 files.", await page.InnerTextAsync("#send-status"), StringComparison.Ordinal);
        Assert.Equal("bar-inner w100", await page.GetAttributeAsync("#send-bar", "class"));
        await Screenshots.TakeAsync(page, nameof(SendPageTests), "sent");
        var transferId = (await link.GetAttributeAsync("href"))!.Split('/')[^1];

        var transfer = await destination.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(Priority.Stat, transfer.Priority);
        Assert.InRange(transfer.ExpectedArrival.ToDateTimeOffset(), before.AddMinutes(90), DateTimeOffset.UtcNow.AddMinutes(90));
        Assert.Equal("clinic-send/sam.sender", transfer.Timeline.First(e => e.Type == TransferEventType.Created).Actor);
        var receiver = new TransferReceiver(destination, transferId, _files.Combine("received"));
        await receiver.ReceiveAllAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(40, receiver.ReceivedCount);
        foreach (var instance in study.Instances)
            Assert.Equal(await File.ReadAllBytesAsync(instance.Path), await File.ReadAllBytesAsync(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));

        // The transfer's page shows it sent from here.
        var opened = await page.GotoAsync($"/transfers/{transferId}");
        Assert.Equal((int)HttpStatusCode.OK, opened!.Status);
        // Against the patient's arrival 90 minutes away: every image is there, in time, and the page says so.
        var arrival = await page.InnerTextAsync("#arrival");
        Assert.Contains("images ready by", arrival, StringComparison.Ordinal);
        Assert.Contains("on time", arrival, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, nameof(SendPageTests), "sent-transfer");
    }

    [Fact]
    public async Task ConnectionDroppedMidSend_ThePageRetries_AndEverythingArrivesInOneTransfer()
    {
        await HandoffApi.RegisterFacilityAsync(_web.Server, "clinic-drop");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "hospital-drop");
        var study = LocalStudy.Write(_files.Combine("drop"), seed: 4405, slices: 70);
        var page = await WebUsers.CreateAndSignInAsync(_web, "clinic-drop", "dina.drop", "coordinator");

        // The network drops the second and third requests (the connection is cut before an answer): the page must
        // send those groups again, under the same send id, into the same transfer.
        var requests = 0;
        await page.RouteAsync("**/dicomweb/to/**", async route =>
        {
            var number = Interlocked.Increment(ref requests);
            if (number is 2 or 3)
                await route.AbortAsync("connectionreset");
            else
                await route.ContinueAsync();
        });
        await page.GotoAsync("/send");
        await page.FillAsync("#send-destination", "hospital-drop");
        await page.SetInputFilesAsync("#send-files", study.Instances.Select(i => i.Path).ToArray());
        await page.ClickAsync("#send-button");
        await Assertions.Expect(page.Locator("#sent-transfer")).ToBeVisibleAsync(new() { Timeout = SendTimeoutMs });

        Assert.True(requests >= 5, $"{requests} requests: the dropped groups were not sent again");
        var inbox = await destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
        var transfer = Assert.Single(inbox.Transfers);
        Assert.Equal(70, transfer.Studies.Sum(s => s.InstancesAvailable));
        Assert.True(transfer.Studies.All(s => s.Complete));
    }
}
