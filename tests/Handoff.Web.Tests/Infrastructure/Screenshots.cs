using Microsoft.Playwright;

namespace Handoff.Web.Tests.Infrastructure;

/// <summary>
/// Full-page screenshots kept as test artefacts, in screenshots/ beside the test assembly (or under
/// $HANDOFF_TEST_ARTIFACTS), named after the test and the step, so a person can look at every page the tests saw.
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("HANDOFF_TEST_ARTIFACTS") is { Length: > 0 } root ? root : AppContext.BaseDirectory, "screenshots");

    public static async Task<string> TakeAsync(IPage page, string test, string step)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{test}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
