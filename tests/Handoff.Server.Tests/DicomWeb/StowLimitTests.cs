using System.Net;
using System.Text;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// Hostile STOW-RS requests against a server with small limits (3 parts a request, instances of at most 100 KB): each
/// is refused with the status that says why, the server keeps serving, and nothing beyond the limit reaches the
/// destination.
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
            $"--Handoff:Upload:MaxInstanceBytes={MaxInstanceBytes}");
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
