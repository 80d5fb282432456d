using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// The DICOMweb client OHIF uses (npm `dicomweb-client`, run by Node) against a real server: it finds a study sent
/// by STOW-RS, lists its series and instances, reads its metadata, retrieves an instance, a frame and the whole
/// study, and the bytes are the ones sent.
/// </summary>
public sealed class DicomWebClientTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("dicomweb-client");
    private readonly HttpClient _http = new() { Timeout = Deadline };

    public DicomWebClientTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task DicomWebClient_SearchAndRetrieve_SeesTheStudyAsSent()
    {
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, "ohif-src");
        var (_, destinationKey) = await HandoffApi.RegisterFacilityAsync(_server, "ohif-dst");
        var study = LocalStudy.Write(_files.Path, seed: 701, slices: 4, series: 2);
        using var stored = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path)).PostAsync(_http, _server.WebAddress, "/dicomweb/to/ohif-dst/studies", sourceKey);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        var seen = await RunClientAsync(new Uri(_server.WebAddress, "/dicomweb").ToString(), destinationKey, study.PatientId);

        Assert.Equal([study.StudyInstanceUid], seen.GetProperty("studies").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Equal(2, seen.GetProperty("seriesCount").GetInt32());
        Assert.Equal(2, seen.GetProperty("instanceCount").GetInt32());
        Assert.Equal(4, seen.GetProperty("metadataCount").GetInt32());
        var sop = seen.GetProperty("sopUid").GetString();
        var sent = study.Instances.Single(i => i.SopInstanceUid == sop);
        Assert.Equal(Sha256(sent.Path), seen.GetProperty("instanceSha256").GetString());
        Assert.Equal([256 * 256 * 2], seen.GetProperty("frameBytes").EnumerateArray().Select(f => f.GetInt32()).ToArray());
        Assert.Equal(study.Instances.Select(i => Sha256(i.Path)).Order(), seen.GetProperty("studyInstanceSha256").EnumerateArray().Select(h => h.GetString()!).Order());
    }

    private static async Task<JsonElement> RunClientAsync(string url, string key, string patientId)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DicomWeb", "dicomweb-client-check.mjs"));
        start.ArgumentList.Add(url);
        start.ArgumentList.Add(key);
        start.ArgumentList.Add(patientId);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dicomweb-client failed: {await error}");
        return JsonDocument.Parse(await output).RootElement;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
