using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Handoff.Dicom;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// WADO-RS frames, bulk data and rendered images on real files (pydicom's corpus) sent by STOW-RS: the frame bytes
/// are pydicom's pixel data, the metadata's bulk data URI serves the same bytes, a rendered frame is a PNG of the
/// image's size with more than one grey level that changes with the window; compressed and colour images, and a frame
/// that does not exist, are refused with the status that says why.
/// </summary>
public sealed class WadoFramesTests : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static int s_runs;

    private readonly ServerProcess _server;
    private readonly HttpClient _http = new() { Timeout = Deadline };

    public WadoFramesTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    [Fact]
    public async Task Frames_UncompressedCt_ArePydicomsPixelData()
    {
        var (key, url) = await SentAsync("CT_small.dcm");

        using var frame = await GetAsync(key, $"{url}/frames/1");
        using var missing = await GetAsync(key, $"{url}/frames/2");

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var part = Assert.Single(await MultipartBody.ReadAsync(frame));
        Assert.Equal("application/octet-stream", part.Headers["Content-Type"]);
        Assert.Equal(await PydicomOracle.PixelDataAsync(Path.Combine(PydicomOracle.Corpus, "CT_small.dcm")), part.Body);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("not frame 2", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkDataUri_FromMetadata_ServesThePixelData()
    {
        var (key, url) = await SentAsync("CT_small.dcm");
        using var metadata = await GetAsync(key, $"{url}/metadata");
        var uri = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync()).RootElement[0].GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!;

        using var bulk = await GetAsync(key, uri);

        var part = Assert.Single(await MultipartBody.ReadAsync(bulk));
        Assert.Equal(await PydicomOracle.PixelDataAsync(Path.Combine(PydicomOracle.Corpus, "CT_small.dcm")), part.Body);
    }

    [Fact]
    public async Task Rendered_GrayscaleCt_PngOfTheImageThatFollowsTheWindow()
    {
        var (key, url) = await SentAsync("CT_small.dcm");

        using var automatic = await GetAsync(key, $"{url}/rendered");
        using var narrow = await GetAsync(key, $"{url}/frames/1/rendered?window=40,80");
        using var bad = await GetAsync(key, $"{url}/rendered?window=40");

        Assert.Equal("image/png", automatic.Content.Headers.ContentType?.MediaType);
        var image = PngImage.Read(await automatic.Content.ReadAsByteArrayAsync());
        var windowed = PngImage.Read(await narrow.Content.ReadAsByteArrayAsync());
        Assert.Equal((128, 128), (image.Width, image.Height));
        Assert.True(image.Pixels.Distinct().Count() > 16, "the rendered image has almost no grey levels");
        Assert.NotEqual(image.Pixels, windowed.Pixels);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData("MR_small_RLE.dcm", "frames/1")]
    [InlineData("SC_rgb_small_odd.dcm", "rendered")]
    public async Task FramesOrRendered_CompressedOrColour_NotAcceptableSayingWhy(string file, string resource)
    {
        var (key, url) = await SentAsync(file);

        using var response = await GetAsync(key, $"{url}/{resource}");
        using var asSent = await GetAsync(key, url);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("instance", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(PydicomOracle.Corpus, file)), Assert.Single(await MultipartBody.ReadAsync(asSent)).Body);
    }

    /// <summary>Sends one corpus file by STOW-RS to a new destination; returns its key and the instance's WADO-RS URL.</summary>
    private async Task<(string Key, string InstanceUrl)> SentAsync(string file)
    {
        var n = Interlocked.Increment(ref s_runs);
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, $"frames-src-{n}");
        var (_, destinationKey) = await HandoffApi.RegisterFacilityAsync(_server, $"frames-dst-{n}");
        var path = Path.Combine(PydicomOracle.Corpus, file);
        using var stored = await new StowRequest().AddFile(path).PostAsync(_http, _server.WebAddress, $"/dicomweb/to/frames-dst-{n}/studies", sourceKey);
        Assert.True(stored.StatusCode == HttpStatusCode.OK, await stored.Content.ReadAsStringAsync());
        var data = DicomFile.Open(path).Dataset;
        return (destinationKey, $"/dicomweb/studies/{data.GetString(DicomTag.StudyInstanceUID)}/series/{data.GetString(DicomTag.SeriesInstanceUID)}/instances/{data.GetString(DicomTag.SOPInstanceUID)}");
    }

    private async Task<HttpResponseMessage> GetAsync(string key, string pathOrUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.WebAddress, pathOrUrl));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _http.SendAsync(request);
    }
}
