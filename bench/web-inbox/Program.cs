using System.Diagnostics;
using System.Globalization;
using System.Net;
using Handoff.Protos.V1;
using Handoff.Testing;
using Microsoft.Playwright;

// The transfer centre's inbox at scale (issue 14): a facility with TRANSFERS transfers in its inbox.
//   list    ListTransfers (50 a page, the page the web inbox shows) over gRPC, median of ROUNDS
//   page    GET /inbox as a signed-in user (server-side paging; HTML of the first 50), median of ROUNDS
//   live    a STAT transfer created while the inbox is open in chromium: time until its row is on the page, median
// Usage: dotnet run -c Release --project bench/web-inbox -- [TRANSFERS [ROUNDS]] [--grpc-only]
// --grpc-only measures `list` alone: it runs against builds from before the web page (copy this folder there).
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var transfers = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 5000;
var rounds = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 30;
var grpcOnly = args.Contains("--grpc-only");

await using var server = await ServerProcess.StartAsync(RateLimits.Lifted);
using var files = new TempFolder("web-inbox-bench");
var (sender, _) = await HandoffApi.RegisterFacilityAsync(server, "bench-src");
var (receiver, _) = await HandoffApi.RegisterFacilityAsync(server, "bench-dst");
var chunkSize = (await sender.Uploads.GetUploadParametersAsync(new GetUploadParametersRequest())).ChunkSize;
var study = LocalStudy.Write(files.Combine("study"), seed: 7, slices: 1, chunkSize: chunkSize);
await LibraryUpload.UploadAsync(sender, study);

var created = Stopwatch.StartNew();
await Parallel.ForAsync(0, transfers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
    await CreateAsync(sender, study, $"bench-{i}", (i % 10) switch { 0 => Priority.Stat, < 4 => Priority.Urgent, _ => Priority.Routine }));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{transfers} transfers created in {created.Elapsed.TotalSeconds:F1} s"));

// gRPC: the first page of 50, as the inbox page asks for it.
var list = new List<double>();
for (var round = -3; round < rounds; round++)
{
    var start = Stopwatch.GetTimestamp();
    var page = await receiver.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox, Limit = 50 });
    if (round >= 0)
        list.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    if (page.Transfers.Count != Math.Min(50, transfers))
        throw new InvalidOperationException($"expected a full page, got {page.Transfers.Count}");
}

if (grpcOnly)
{
    Console.WriteLine(Summary("ListTransfers, first 50 (gRPC)", list));
    return 0;
}

// The browser signs in (the password changed at first sign-in), the inbox is rendered by the server.
var oneTime = (await HandoffApi.Operator(server).CreateClient().Users.AddUserAsync(new AddUserRequest { FacilityId = "bench-dst", Username = "bench.user", Role = UserRole.Coordinator })).OneTimePassword;
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.WebAddress.ToString() });
var browserPage = await context.NewPageAsync();
await browserPage.GotoAsync("/");
await browserPage.FillAsync("#signin-form input[name=username]", "bench.user");
await browserPage.FillAsync("#signin-form input[name=password]", oneTime);
await browserPage.ClickAsync("#signin-form button[type=submit]");
await browserPage.WaitForURLAsync("**/password");
const string password = "bench password long enough";
await browserPage.FillAsync("#password-form input[name=current]", oneTime);
await browserPage.FillAsync("#password-form input[name=next]", password);
await browserPage.FillAsync("#password-form input[name=confirm]", password);
await browserPage.ClickAsync("#password-form button[type=submit]");
await browserPage.WaitForURLAsync("**/inbox");

var cookies = new CookieContainer();
foreach (var cookie in await context.CookiesAsync())
    cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server.WebAddress };
var pageTimes = new List<double>();
for (var round = -3; round < rounds; round++)
{
    var start = Stopwatch.GetTimestamp();
    using var response = await http.GetAsync(new Uri("/inbox", UriKind.Relative));
    var html = await response.Content.ReadAsStringAsync();
    if (round >= 0)
        pageTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    if (response.StatusCode != HttpStatusCode.OK || CountRows(html) != Math.Min(50, transfers))
        throw new InvalidOperationException($"the inbox page answered {(int)response.StatusCode} with {CountRows(html)} rows");
}

// Live: the inbox is open; a new STAT transfer is created; how long until its row is on the page.
var live = new List<double>();
for (var round = 0; round < Math.Min(rounds, 15); round++)
{
    var start = Stopwatch.GetTimestamp();
    var transfer = await CreateAsync(sender, study, $"live-{round}", Priority.Stat);
    await browserPage.Locator($"tr[data-transfer-id='{transfer.Id}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    live.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
}

Console.WriteLine(Summary("ListTransfers, first 50 (gRPC)", list));
Console.WriteLine(Summary("GET /inbox, first 50 rows (HTML)", pageTimes));
Console.WriteLine(Summary("new STAT transfer on the open page", live));
return 0;

static async Task<Transfer> CreateAsync(HandoffApi sender, LocalStudy study, string requestId, Priority priority) =>
    await sender.Transfers.CreateTransferAsync(new CreateTransferRequest
    {
        RequestId = requestId, DestinationFacilityId = "bench-dst", Priority = priority, StudyInstanceUids = { study.StudyInstanceUid },
    });

static int CountRows(string html) => html.Split("data-transfer-id=").Length - 1;

static string Summary(string what, List<double> milliseconds)
{
    milliseconds.Sort();
    return string.Create(CultureInfo.InvariantCulture,
        $"{what,-40} median {milliseconds[milliseconds.Count / 2],8:F1} ms   p90 {milliseconds[(int)(milliseconds.Count * 0.9)],8:F1} ms   max {milliseconds[^1],8:F1} ms   (n={milliseconds.Count})");
}
