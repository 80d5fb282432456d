using System.Net;
using Handoff.Protos.V1;
using Handoff.Testing;
using Handoff.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Handoff.Web.Tests;

/// <summary>
/// Who may do what, in a real browser: a wrong password is refused and locks the account after the limit (even the
/// right password is refused then, and the attempts are in the facility's audit trail); a user of another facility
/// opening a transfer's URL gets the very page a transfer that does not exist gets; a clinician sees no cancel button
/// and a cancel posted anyway is refused, the transfer untouched; the session cookie is HttpOnly and SameSite=Strict
/// and every page carries the Content-Security-Policy.
/// </summary>
public sealed class AccessTests : IClassFixture<WebFixture>, IDisposable
{
    private readonly WebFixture _web;
    private readonly TempFolder _files = new("web-access");

    public AccessTests(WebFixture web)
    {
        _web = web;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task WrongPassword_IsRefused_AndLocksOutAfterTheLimit_AndIsAudited()
    {
        await HandoffApi.RegisterFacilityAsync(_web.Server, "lockout-site");
        var oneTime = await WebUsers.AddAsync(_web.Server, "lockout-site", "lena.lockout", "coordinator");
        var page = await _web.NewPageAsync();

        var first = await WebUsers.SubmitSignInAsync(page, "lena.lockout", "not the password");
        Assert.Equal((int)HttpStatusCode.Unauthorized, first.Status);
        Assert.Equal("Wrong username or password.", await page.InnerTextAsync("#signin-error"));
        await Screenshots.TakeAsync(page, nameof(AccessTests), "signin-refused");
        for (var attempt = 2; attempt <= WebFixture.MaxFailedSignIns; attempt++)
            await WebUsers.SubmitSignInAsync(page, "lena.lockout", "still not the password");
        Assert.Contains("locked", await page.InnerTextAsync("#signin-error"), StringComparison.Ordinal);

        var right = await WebUsers.SubmitSignInAsync(page, "lena.lockout", oneTime);
        Assert.Equal((int)HttpStatusCode.Unauthorized, right.Status);
        Assert.Contains("locked", await page.InnerTextAsync("#signin-error"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, nameof(AccessTests), "signin-locked-out");
        var unknown = await WebUsers.SubmitSignInAsync(page, "nobody.here", "whatever it is");
        Assert.Equal("Wrong username or password.", await page.InnerTextAsync("#signin-error"));
        Assert.Equal((int)HttpStatusCode.Unauthorized, unknown.Status);

        // The facility's audit trail has the refusals and the lockout, under the user's name.
        var events = await Poll.ForAsync(async () =>
        {
            var response = await HandoffApi.Operator(_web.Server).Audit.ListAuditEventsAsync(new ListAuditEventsRequest { FacilityId = "lockout-site", Actor = "lockout-site/lena.lockout" });
            return response.Events.Any(e => e.Outcome == "locked-out") && response.Events.Any(e => e.Outcome == "denied") ? response.Events : null;
        }, TimeSpan.FromSeconds(30), "the failed sign-ins in the audit trail");
        Assert.All(events, e => Assert.Equal("user.sign-in", e.Action));
        Assert.DoesNotContain(oneTime, _web.Server.Output, StringComparison.Ordinal); // passwords never reach a log
        Assert.DoesNotContain("not the password", _web.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserOfAnotherFacility_OpeningATransfer_GetsTheNotFoundPageOfATransferThatDoesNotExist()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "access-src");
        await HandoffApi.RegisterFacilityAsync(_web.Server, "access-dst");
        await HandoffApi.RegisterFacilityAsync(_web.Server, "access-other");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 4402, slices: 2);
        var sent = await LibraryUpload.SendAsync(sender, "access-dst", study);
        var page = await WebUsers.CreateAndSignInAsync(_web, "access-other", "olga.other", "coordinator");

        var theirs = await page.GotoAsync($"/transfers/{sent.TransferId}");
        var theirsText = await page.InnerTextAsync("main");
        await Screenshots.TakeAsync(page, nameof(AccessTests), "other-facility-transfer");
        var missing = await page.GotoAsync($"/transfers/{Guid.NewGuid()}");
        var missingText = await page.InnerTextAsync("main");

        Assert.Equal((int)HttpStatusCode.NotFound, theirs!.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        Assert.Equal(missingText, theirsText);
        Assert.DoesNotContain("SYNTHETIC", theirsText, StringComparison.Ordinal);
        var images = await page.APIRequest.GetAsync($"/dicomweb/studies/{study.StudyInstanceUid}/metadata");
        Assert.Equal((int)HttpStatusCode.NotFound, images.Status);
    }

    [Fact]
    public async Task Clinician_SeesNoCancel_AndACancelPostedAnywayIsRefused()
    {
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_web.Server, "clinic-src");
        await HandoffApi.RegisterFacilityAsync(_web.Server, "clinic-dst");
        var sent = await LibraryUpload.SendAsync(sender, "clinic-dst", LocalStudy.Write(_files.Combine("clinic"), seed: 4403, slices: 2));
        var page = await WebUsers.CreateAndSignInAsync(_web, "clinic-src", "chris.clinician", "clinician");

        var response = await page.GotoAsync($"/transfers/{sent.TransferId}");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        Assert.Equal(0, await page.Locator("#cancel-form").CountAsync());
        Assert.Equal(0, await page.Locator("#reconcile-form").CountAsync());
        Assert.Equal(0, await page.Locator("a[href='/send']").CountAsync());
        await Screenshots.TakeAsync(page, nameof(AccessTests), "clinician-transfer");

        // The page's own antiforgery token, a hand-made cancel: the server's rule, not the missing button, refuses it.
        var token = await page.EvaluateAsync<string>("() => document.querySelector('input[name=__RequestVerificationToken]').value");
        var forged = await page.APIRequest.PostAsync($"/transfers/{sent.TransferId}?handler=cancel", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("reason", "not allowed").Set("__RequestVerificationToken", token),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        var transfer = await sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        Assert.Equal(TransferState.Available, transfer.State);
        Assert.Contains(transfer.Timeline, e => e.Type == TransferEventType.Available);
        Assert.DoesNotContain(transfer.Timeline, e => e.Type == TransferEventType.Cancelled);

        // And a send page is not theirs either.
        var send = await page.GotoAsync("/send");
        Assert.Equal((int)HttpStatusCode.Forbidden, send!.Status);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirOpenSession()
    {
        await HandoffApi.RegisterFacilityAsync(_web.Server, "disable-site");
        var page = await WebUsers.CreateAndSignInAsync(_web, "disable-site", "dora.disabled", "coordinator");
        var disabled = await HandoffCli.RunAsync(TimeSpan.FromMinutes(1), "user", "disable", "disable-site", "dora.disabled", "--server", _web.Server.Address, "--key", _web.Server.OperatorKey);
        Assert.True(disabled.ExitCode == 0, disabled.ToString());

        // Sessions are checked against the user every few seconds: the open inbox's next live request is refused, and the
        // page goes to sign-in by itself (navigating meanwhile would race the page's own reload).
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { Timeout = 60_000 });
        await page.GotoAsync("/inbox");
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        var again = await WebUsers.SubmitSignInAsync(page, "dora.disabled", WebUsers.Password);
        Assert.Equal((int)HttpStatusCode.Unauthorized, again.Status);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndStrict_AndPagesCarryTheContentSecurityPolicy()
    {
        await HandoffApi.RegisterFacilityAsync(_web.Server, "cookie-site");
        var page = await WebUsers.CreateAndSignInAsync(_web, "cookie-site", "cody.cookie", "clinician");

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "handoff_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var inbox = await page.GotoAsync("/inbox");
        var policy = await inbox!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());

        await page.ClickAsync("#signout-form button");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/inbox");
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);

        // Without the session, pages send the browser to sign in, and DICOMweb answers 401.
        var anonymous = await _web.NewPageAsync();
        await anonymous.GotoAsync("/inbox");
        Assert.Equal("/", new Uri(anonymous.Url).AbsolutePath);
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await anonymous.APIRequest.GetAsync("/dicomweb/studies")).Status);
    }
}
