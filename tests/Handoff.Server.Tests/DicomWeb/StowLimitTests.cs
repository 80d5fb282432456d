using System.Net;
using System.Text;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// Hostile STOW-RS requests against a server with small limits (3 parts a request, instances of at most 100 KB, two
/// requests at once and one per facility): each is refused with the status that says why, the server keeps serving,
/// nothing beyond the limit reaches the destination, and a facility holding requests open does not block another.
/// </summary>
public sealed class StowLimitTests : IAsyncLifetime, IDisposable
{
    private const int MaxParts = 3;
    private const int MaxInstanceBytes = 100_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new("stow-limits");
    private readonly HttpClient _http = new() { Timeout = Deadline };
    private ServerProcess _server = null!;
    private string _sourceKey = "";
    private HandoffApi _destination = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            $"--Handoff:DicomWeb:MaxInstancesPerRequest={MaxParts}",
            $"--Handoff:Upload:MaxInstanceBytes={MaxInstanceBytes}",
            "--Handoff:DicomWeb:ConcurrentStores=2",
            "--Handoff:DicomWeb:ConcurrentStoresPerFacility=1");
        (_, _sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, "limits-src");
        (_destination, _) = await HandoffApi.RegisterFacilityAsync(_server, "limits-dst");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Stow_MorePartsThanAllowed_PayloadTooLargeNamingTheLimit()
    {
        var study = LocalStudy.Write(Folder("many"), seed: 401, slices: MaxParts + 1, rows: 32, columns: 32);

        using var response = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path)).PostAsync(_http, _server.WebAddress, "/dicomweb/to/limits-dst/studies", _sourceKey);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"more than {MaxParts} parts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Stow_PartLargerThanAnInstanceMayBe_PayloadTooLargeAndNothingSent()
    {
        var study = LocalStudy.Write(Folder("large"), seed: 402, slices: 1, rows: 256, columns: 256);

        using var response = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, "/dicomweb/to/limits-dst/studies", _sourceKey);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("part 1 is larger than", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await InboxAsync());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Stow_BodyCutOffMidPart_BadRequestAndNothingSent()
    {
        var study = LocalStudy.Write(Folder("cut"), seed: 403, slices: 1, rows: 32, columns: 32);
        var boundary = "cut-here";
        var head = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n");
        var bytes = File.ReadAllBytes(study.Instances[0].Path);
        using var content = new ByteArrayContent([.. head, .. bytes.AsSpan(0, bytes.Length / 2)]);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.WebAddress, "/dicomweb/to/limits-dst/studies")) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _sourceKey);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await InboxAsync());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Stow_OneFacilityHoldsRequestsOpen_AnotherFacilityIsStillServed()
    {
        var (_, hogKey) = await HandoffApi.RegisterFacilityAsync(_server, "limits-hog");
        var study = LocalStudy.Write(Folder("hog"), seed: 404, slices: 2, rows: 32, columns: 32);
        var release = new TaskCompletionSource();
        var held = Enumerable.Range(0, 2).Select(_ => PostHeldAsync(hogKey, study.Instances[0].Path, release.Task)).ToList();

        await AssertStillServesAsync(); // limits-src, while the hog's two requests hold their bodies open

        release.SetResult();
        foreach (var request in held)
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Posts one instance whose body stops after the part's headers until <paramref name="release"/>.</summary>
    private async Task<HttpResponseMessage> PostHeldAsync(string key, string file, Task release)
    {
        var boundary = $"held-{Guid.NewGuid():N}";
        using var content = new HeldContent(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n"),
            [.. File.ReadAllBytes(file), .. Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")], release);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.WebAddress, "/dicomweb/to/limits-dst/studies")) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await _http.SendAsync(request);
    }

    /// <summary>A body sent in two halves, the second once released: a client that keeps its request open.</summary>
    private sealed class HeldContent(byte[] head, byte[] rest, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(head);
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = head.Length + rest.Length;
            return true;
        }
    }

    /// <summary>A polite request after the hostile one is stored and reaches the destination.</summary>
    private async Task AssertStillServesAsync()
    {
        var study = LocalStudy.Write(Folder($"polite-{Guid.NewGuid():N}"), seed: Random.Shared.Next(500, 100_000), slices: 1, rows: 32, columns: 32);
        using var response = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, "/dicomweb/to/limits-dst/studies", _sourceKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var transferId = Assert.Single(response.Headers.GetValues("Handoff-Transfer-Id"));
        Assert.Contains(await InboxAsync(), t => t.Id == transferId);
    }

    private async Task<IReadOnlyList<Transfer>> InboxAsync()
    {
        using var client = _destination.CreateClient();
        return await client.ListTransfersAsync(Mailbox.Inbox);
    }

    private string Folder(string name) => Directory.CreateDirectory(_files.Combine(name)).FullName;
}
