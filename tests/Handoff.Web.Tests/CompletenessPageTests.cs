using Handoff.Protos.V1;
using Handoff.Testing;
using Handoff.Web.Tests.Infrastructure;

namespace Handoff.Web.Tests;

/// <summary>
/// A study sent with a slice left behind is visibly incomplete on the receiving coordinator's pages before anyone
/// opens the images: a badge on its inbox row, and on the transfer page what is missing and the series' gap.
/// </summary>
public sealed class CompletenessPageTests : IClassFixture<WebFixture>, IDisposable
{
    private readonly WebFixture _web;
    private readonly TempFolder _files = new("web-completeness");

    public CompletenessPageTests(WebFixture web)
    {
        _web = web;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task StudySentWithASliceLeftBehind_InboxRowAndTransferPageShowItIncomplete()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "wc-src");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "wc-dst");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 4501, slices: 5, rows: 64, columns: 64);
        var sent = await LibraryUpload.SendAsync(sender, "wc-dst", study.Without(2)); // Instance Number 3
        using var client = destination.CreateClient();
        await Poll.UntilAsync(async () => (await client.GetTransferAsync(sent.TransferId)).Incomplete, TimeSpan.FromMinutes(1), "the transfer flagged incomplete");
        var page = await WebUsers.CreateAndSignInAsync(_web, "wc-dst", "cora.complete", "coordinator");

        await page.GotoAsync("/inbox");
        var row = page.Locator($"tr[data-transfer-id='{sent.TransferId}']");
        var badge = await row.Locator(".badge.incomplete").InnerTextAsync();
        await Screenshots.TakeAsync(page, nameof(CompletenessPageTests), "inbox-incomplete");
        await page.GotoAsync($"/transfers/{sent.TransferId}");
        var banner = await page.InnerTextAsync("#incomplete");
        var missing = await page.Locator("td.missing-numbers").First.InnerTextAsync();
        var timeline = await page.InnerTextAsync("#timeline");
        await Screenshots.TakeAsync(page, nameof(CompletenessPageTests), "transfer-incomplete");

        Assert.Equal("Incomplete", badge.Trim());
        Assert.Contains("instance numbers 3 missing", banner, StringComparison.Ordinal);
        Assert.Equal("3 (1 missing)", missing.Trim());
        Assert.Contains("Incomplete", timeline, StringComparison.Ordinal);
    }
}
