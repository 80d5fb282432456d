using Handoff.Testing;
using Microsoft.Playwright;

namespace Handoff.Web.Tests.Infrastructure;

/// <summary>
/// Named users as an operator makes them (the `handoff user add` command, a real process) and as a person signs in:
/// the sign-in page, then the forced change of the one-time password.
/// </summary>
public static class WebUsers
{
    public const string Password = "a long enough passphrase 42";
    private static readonly TimeSpan CliDeadline = TimeSpan.FromMinutes(1);

    /// <summary>Adds the user with `handoff user add` and returns the one-time password it printed.</summary>
    public static async Task<string> AddAsync(ServerProcess server, string facilityId, string username, string role)
    {
        var result = await HandoffCli.RunAsync(CliDeadline, "user", "add", facilityId, username, "--role", role, "--server", server.Address, "--key", server.OperatorKey);
        Assert.True(result.ExitCode == 0, $"handoff user add failed: {result.StandardError}");
        var password = result.StandardOutput.Trim();
        Assert.Equal(20, password.Length);
        return password;
    }

    /// <summary>Signs in at / with the one-time password, chooses <see cref="Password"/>, and lands on the inbox.</summary>
    public static async Task<IPage> SignInNewAsync(WebFixture web, string username, string oneTimePassword)
    {
        var page = await web.NewPageAsync();
        await SubmitSignInAsync(page, username, oneTimePassword);
        await page.WaitForURLAsync("**/password");
        await page.FillAsync("#password-form input[name=current]", oneTimePassword);
        await page.FillAsync("#password-form input[name=next]", Password);
        await page.FillAsync("#password-form input[name=confirm]", Password);
        await page.ClickAsync("#password-form button[type=submit]");
        await page.WaitForURLAsync("**/inbox");
        return page;
    }

    /// <summary>Adds the user and signs them in (password changed): a page on their inbox.</summary>
    public static async Task<IPage> CreateAndSignInAsync(WebFixture web, string facilityId, string username, string role) =>
        await SignInNewAsync(web, username, await AddAsync(web.Server, facilityId, username, role));

    /// <summary>Fills and posts the sign-in form; the response to the post (401 with the form again when refused).</summary>
    public static async Task<IResponse> SubmitSignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/");
        await page.FillAsync("#signin-form input[name=username]", username);
        await page.FillAsync("#signin-form input[name=password]", password);
        return await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#signin-form button[type=submit]"),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/");
    }
}
