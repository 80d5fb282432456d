using System.Text.RegularExpressions;
using Handoff.Protos.V1;
using Handoff.Testing;
using Handoff.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Handoff.Web.Tests;

/// <summary>
/// A transfer-centre coordinator in a real browser: signs in (changing the one-time password), sees a STAT transfer
/// appear in the inbox while it uploads and become available without reloading, opens it, pages through the images
/// in the viewer (pixels that are not blank), reconciles the patient, watches the transfer reach Acknowledged when the
/// receiving system confirms it, and finds themself in the audit trail. Screenshots of each page are kept.
/// </summary>
public sealed partial class CoordinatorJourneyTests : IClassFixture<WebFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private const float LiveTimeoutMs = 15_000;

    private readonly WebFixture _web;
    private readonly TempFolder _files = new("web-journey");

    public CoordinatorJourneyTests(WebFixture web)
    {
        _web = web;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Coordinator_SeesStatTransferLive_ViewsImages_Reconciles_SeesAcknowledged_FindsThemselfInAudit()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "journey-src");
        var (receiver, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "journey-dst");
        var page = await WebUsers.CreateAndSignInAsync(_web, "journey-dst", "carla.coordinator", "coordinator");
        Assert.Contains("carla.coordinator", await page.InnerTextAsync("#signed-in-as"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, nameof(CoordinatorJourneyTests), "1-inbox-empty");

        // The sender starts uploading a STAT study: the row appears on the open page, without a reload, while it receives.
        var study = LocalStudy.Write(_files.Combine("study"), seed: 4401, slices: 12, series: 2);
        await using var send = await GradualSend.StartAsync(sender, "journey-dst", Priority.Stat, study);
        await send.SendAsync(0, 6);
        var row = page.Locator($"tr[data-transfer-id='{send.TransferId}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = LiveTimeoutMs });
        await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync("Receiving", new() { Timeout = LiveTimeoutMs });
        Assert.Equal("STAT", await row.Locator(".badge").InnerTextAsync());
        await Assertions.Expect(row).ToContainTextAsync("SYNTHETIC, PATIENT4401", new() { Timeout = LiveTimeoutMs });
        await Screenshots.TakeAsync(page, nameof(CoordinatorJourneyTests), "2-inbox-receiving");

        await send.SendAsync(6, 12);
        await send.CompleteAsync();
        await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync("Available", new() { Timeout = LiveTimeoutMs });
        await Assertions.Expect(row).ToContainTextAsync("12 / 12", new() { Timeout = LiveTimeoutMs });
        // Per series: each of the two series has its 6 instances, expected (declared by the sender) and arrived.
        await Assertions.Expect(row.Locator(".series-line")).ToHaveCountAsync(2);
        foreach (var line in await row.Locator(".series-line").AllInnerTextsAsync())
            Assert.EndsWith("6 / 6", line.Trim(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, nameof(CoordinatorJourneyTests), "3-inbox-available");

        // The transfer's page: the viewer draws a slice, and scrolling moves to the next one.
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/transfers/{send.TransferId}");
        var canvas = page.Locator("#viewer-canvas");
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-shown", new Regex("/rendered$"), new() { Timeout = LiveTimeoutMs });
        var firstShown = await canvas.GetAttributeAsync("data-shown");
        Assert.True(await LitPixelsAsync(page) > 1000, "the viewer shows a blank image");
        await canvas.HoverAsync();
        await page.Mouse.WheelAsync(0, 120);
        await Assertions.Expect(canvas).Not.ToHaveAttributeAsync("data-shown", firstShown!, new() { Timeout = LiveTimeoutMs });
        Assert.Matches(ImagePosition(), await page.InnerTextAsync("#viewer-position"));
        Assert.True(await LitPixelsAsync(page) > 1000, "the next slice is blank");
        await page.ClickAsync("button[data-window='40,80']");
        Assert.Equal(0, await page.Locator("#cancel-form").CountAsync()); // the destination does not cancel; the sender does
        await Screenshots.TakeAsync(page, nameof(CoordinatorJourneyTests), "4-transfer-viewer");

        // Reconcile the patient to this hospital's identity.
        await page.FillAsync("#reconcile-form input[name=patientId]", "RIV-556677");
        await page.FillAsync("#reconcile-form input[name=issuer]", "RIVERSIDE-MRN");
        await page.ClickAsync("#reconcile-form button[type=submit]");
        await Assertions.Expect(page.Locator("#reconciled")).ToContainTextAsync("RIV-556677", new() { Timeout = LiveTimeoutMs });
        Assert.Contains("journey-dst/carla.coordinator", await page.InnerTextAsync("#reconciled"), StringComparison.Ordinal);

        // The receiving system downloads and acknowledges: the open page shows it without a reload.
        var download = new TransferReceiver(receiver, send.TransferId, _files.Combine("received"));
        await download.ReceiveAllAsync(Deadline);
        Assert.True((await receiver.Downloads.AcknowledgeAsync(download.ToAcknowledgeRequest())).Accepted);
        await Assertions.Expect(page.Locator("#transfer-state")).ToHaveTextAsync("Acknowledged", new() { Timeout = LiveTimeoutMs });
        await Assertions.Expect(page.Locator("#acknowledgement")).ToContainTextAsync("12 instances confirmed");
        await Screenshots.TakeAsync(page, nameof(CoordinatorJourneyTests), "5-transfer-acknowledged");

        // The audit trail names the person: their views, their image reads, their reconciliation.
        await page.GotoAsync("/audit");
        await page.FillAsync("#audit-filters input[name=user]", "carla.coordinator");
        await page.ClickAsync("#audit-filters button[type=submit]");
        var audit = await page.InnerTextAsync("#audit-events");
        Assert.Contains("transfer.reconcile", audit, StringComparison.Ordinal);
        Assert.Contains("dicomweb.retrieve", audit, StringComparison.Ordinal);
        Assert.Contains("user.sign-in", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("journey-src", await page.Locator("#audit-events td.actor").AllInnerTextsAsync() is var actors ? string.Join(",", actors) : "", StringComparison.Ordinal);
        Assert.All(actors, actor => Assert.Equal("journey-dst/carla.coordinator", actor));
        await page.FillAsync("#audit-filters input[name=user]", "");
        await page.FillAsync("#audit-filters input[name=patient]", "PATIENT4401");
        await page.ClickAsync("#audit-filters button[type=submit]");
        var byPatient = await page.InnerTextAsync("#audit-events");
        Assert.Contains("transfer.create", byPatient, StringComparison.Ordinal);
        Assert.Contains(send.TransferId, byPatient, StringComparison.Ordinal);
        Assert.DoesNotContain("PATIENT4401", page.Url, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, nameof(CoordinatorJourneyTests), "6-audit");
    }

    /// <summary>Pixels of the viewer's canvas that are not black.</summary>
    private static Task<int> LitPixelsAsync(IPage page) => page.EvaluateAsync<int>("""
        () => {
          const canvas = document.getElementById('viewer-canvas');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let lit = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] > 8 || data[i + 1] > 8 || data[i + 2] > 8) lit++;
          return lit;
        }
        """);

    [GeneratedRegex(@"^Image [2-9] of \d+")]
    private static partial Regex ImagePosition();
}
