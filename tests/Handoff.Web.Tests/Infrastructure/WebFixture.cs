using Handoff.Testing;
using Microsoft.Playwright;

namespace Handoff.Web.Tests.Infrastructure;

/// <summary>
/// A real server (its own process, free ports, a lockout after <see cref="MaxFailedSignIns"/> wrong passwords) and a
/// real browser: Debian's chromium, driven by Playwright and launched by path (browsers cannot be downloaded here).
/// One per test class, so classes run in parallel; each test opens its own browser context (its own cookies).
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const int MaxFailedSignIns = 3;
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public ServerProcess Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync($"--Handoff:Users:MaxFailedSignIns={MaxFailedSignIns}");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace for chromium's sandbox; the pages are our own, on loopback.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (no cookies) at the server's web endpoint.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.WebAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        return await context.NewPageAsync();
    }
}
