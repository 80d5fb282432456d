using Handoff.Client;
using Handoff.Client.Receipts;
using Handoff.Testing;
using Handoff.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Handoff.Web.Tests;

/// <summary>
/// The transfer page of a transfer acknowledged with a signed receipt says who signed with which key, and its
/// download is a receipt file that verifies offline against the cluster's exported keys.
/// </summary>
public sealed class SignedReceiptPageTests : IClassFixture<WebFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly WebFixture _web;
    private readonly TempFolder _files = new("web-receipt");

    public SignedReceiptPageTests(WebFixture web)
    {
        _web = web;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task AcknowledgedWithASignedReceipt_ThePageShowsTheSigner_AndItsDownloadVerifies()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "receipt-src");
        var (_, receiverKey) = await HandoffApi.RegisterFacilityAsync(_web.Server, "receipt-dst");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 4501, slices: 3);
        var sent = await LibraryUpload.SendAsync(sender, "receipt-dst", study);
        var transferId = sent.TransferId;
        using var signingKey = ReceiptSigningKey.Create(_files.Combine("receipt.pem"));
        using var destination = new HandoffClient(_web.Server.ClientOptions(receiverKey) with { ReceiptSigningKey = signingKey });
        await destination.RegisterReceiptKeyAsync(signingKey.PublicKey);
        var received = await destination.ReceiveAsync(transferId, new FolderInstanceSink(_files.Combine("received")));
        Assert.True(received.Acknowledged);

        var page = await WebUsers.CreateAndSignInAsync(_web, "receipt-src", "sam.sender", "clinician");
        await page.GotoAsync($"/transfers/{transferId}");
        await Assertions.Expect(page.Locator("#signed-receipt")).ToContainTextAsync(signingKey.KeyId);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#signed-receipt a"));
        var path = _files.Combine("downloaded-receipt.json");
        await download.SaveAsAsync(path);
        await Screenshots.TakeAsync(page, nameof(SignedReceiptPageTests), "transfer-signed-receipt");

        using var anyone = sender.CreateClient();
        var keys = ReceiptKeySet.From(await anyone.ListReceiptKeysAsync());
        var verification = ReceiptVerifier.Verify(ReceiptDocument.Load(path), keys, transferId, _files.Combine("received"));
        Assert.True(verification.Valid, verification.Summary);
        Assert.Equal("receipt-dst", verification.Content!.DestinationFacilityId);
        Assert.Equal(3, verification.Content.Instances.Count);
    }
}
