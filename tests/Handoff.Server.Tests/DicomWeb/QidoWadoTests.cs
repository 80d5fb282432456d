using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// QIDO-RS and WADO-RS on a real server, over a study one facility stored for another by STOW-RS: the destination
/// finds it by patient, name wildcard and date range, lists its series and instances with the counts that arrived,
/// retrieves the instances as sent and their metadata; a third facility gets the same 404 as for a study that does
/// not exist and finds nothing; each read is in the destination's audit log.
/// </summary>
public sealed class QidoWadoTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static int s_runs;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("qido-wado");
    private readonly HttpClient _http = new() { Timeout = Deadline };

    public QidoWadoTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Qido_Studies_MatchesByPatientNameWildcardAndDateRange()
    {
        var sent = await SentAsync(seed: 601);

        var byId = await SearchAsync(sent.DestinationKey, $"/dicomweb/studies?PatientID={sent.Study.PatientId}");
        var byName = await SearchAsync(sent.DestinationKey, "/dicomweb/studies?PatientName=synthetic^patient60*&StudyDate=20260101-");
        var byTag = await SearchAsync(sent.DestinationKey, $"/dicomweb/studies?0020000D={sent.Study.StudyInstanceUid}&ModalitiesInStudy=CT");
        var wrongName = await SearchAsync(sent.DestinationKey, "/dicomweb/studies?PatientName=NOBODY*");
        var wrongDates = await SearchAsync(sent.DestinationKey, "/dicomweb/studies?StudyDate=20250101-20251231");

        var study = Assert.Single(byId);
        Assert.Equal(sent.Study.StudyInstanceUid, Strings(study, "0020000D")[0]);
        Assert.Equal(sent.Study.PatientId, Strings(study, "00100020")[0]);
        Assert.Equal(["CT"], Strings(study, "00080061"));
        Assert.Equal("2", Strings(study, "00201206")[0]);
        Assert.Equal("6", Strings(study, "00201208")[0]);
        Assert.EndsWith($"/dicomweb/studies/{sent.Study.StudyInstanceUid}", Strings(study, "00081190")[0], StringComparison.Ordinal);
        Assert.Equal(sent.Study.PatientName, study.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Single(byName);
        Assert.Single(byTag);
        Assert.Empty(wrongName);
        Assert.Empty(wrongDates);
    }

    [Fact]
    public async Task Qido_SeriesAndInstances_ListWhatArrivedWithLimitAndOffset()
    {
        var sent = await SentAsync(seed: 602);
        var uid = sent.Study.StudyInstanceUid;

        var series = await SearchAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}/series");
        var firstSeries = Strings(series[0], "0020000E")[0];
        var instances = await SearchAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}/series/{firstSeries}/instances");
        var page = await SearchAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}/instances?limit=2&offset=1");
        var all = await SearchAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}/instances");

        Assert.Equal(2, series.Count);
        Assert.All(series, s => Assert.Equal("3", Strings(s, "00201209")[0]));
        Assert.Equal(3, instances.Count);
        Assert.All(instances, i => Assert.Equal(firstSeries, Strings(i, "0020000E")[0]));
        Assert.Equal(6, all.Count);
        Assert.Equal(sent.Study.Instances.Select(i => i.SopInstanceUid).Order(), all.Select(i => Strings(i, "00080018")[0]).Order());
        Assert.Equal(all.Skip(1).Take(2).Select(i => Strings(i, "00080018")[0]), page.Select(i => Strings(i, "00080018")[0]));
    }

    [Fact]
    public async Task Wado_Study_EveryInstanceAsSentAndItsMetadata()
    {
        var sent = await SentAsync(seed: 603);
        var uid = sent.Study.StudyInstanceUid;

        using var retrieve = await GetAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}", "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        using var metadata = await GetAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}/metadata", "application/dicom+json");
        using var refused = await GetAsync(sent.DestinationKey, $"/dicomweb/studies/{uid}", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50");

        Assert.Equal(HttpStatusCode.OK, retrieve.StatusCode);
        var parts = await MultipartBody.ReadAsync(retrieve);
        var sentBytes = sent.Study.Instances.Select(i => File.ReadAllBytes(i.Path)).ToList();
        Assert.Equal(6, parts.Count);
        Assert.All(parts, p => Assert.Equal("application/dicom", p.Headers["Content-Type"]));
        Assert.All(parts, p => Assert.Contains(sentBytes, b => b.AsSpan().SequenceEqual(p.Body)));

        var headers = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, headers.Count);
        Assert.All(headers, h => Assert.Equal(uid, Strings(h, "0020000D")[0]));
        Assert.All(headers, h => Assert.Contains("/bulkdata/7FE00010", h.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);

        var audit = await AuditAsync(sent.DestinationKey);
        Assert.Contains(audit, e => e.Action == "dicomweb.retrieve" && e.ObjectId == uid && e.Actor == sent.DestinationId && e.NetworkAddress == "127.0.0.1");
        Assert.Contains(audit, e => e.Action == "dicomweb.metadata" && e.ObjectId == uid);
    }

    [Fact]
    public async Task DicomWeb_TransferStillArriving_ServesWhatArrivedAndTheRestAsItComes()
    {
        var n = Interlocked.Increment(ref s_runs);
        var (sender, _) = await HandoffApi.RegisterFacilityAsync(_server, $"qido-src-{n}");
        var (_, destinationKey) = await HandoffApi.RegisterFacilityAsync(_server, $"qido-dst-{n}");
        var study = LocalStudy.Write(Directory.CreateDirectory(_files.Combine($"arriving-{n}")).FullName, seed: 608, slices: 4);
        using var client = sender.CreateClient();
        var source = new Handoff.Client.FolderInstanceSource(study.ToInstanceFiles());
        var upload = await client.OpenIncrementalUploadAsync(source.OpenChunkReader, 2);
        var instances = new List<Handoff.Client.SourceInstance>();
        await foreach (var instance in source.ReadInstancesAsync(upload.ChunkSize, CancellationToken.None))
            instances.Add(instance);
        await upload.DeclareAsync(study.StudyInstanceUid, instances);
        await upload.CreateTransferAsync($"arriving-{n}", [study.StudyInstanceUid], new Handoff.Client.SendOptions { DestinationFacilityId = $"qido-dst-{n}", Priority = Priority.Stat });
        await upload.SendAsync(study.StudyInstanceUid, instances.Take(2).Select(i => i.SopInstanceUid));
        var path = $"/dicomweb/studies/{study.StudyInstanceUid}";

        await Poll.ForAsync(async () =>
        {
            var found = await SearchAsync(destinationKey, $"/dicomweb/studies?StudyInstanceUID={study.StudyInstanceUid}");
            return found.Count == 1 && Strings(found[0], "00201208")[0] == "2" ? found : null;
        }, Deadline, "the two instances sent so far searchable");
        using var partial = await GetAsync(destinationKey, path, null);
        Assert.Equal(2, (await MultipartBody.ReadAsync(partial)).Count);

        await upload.SendAsync(study.StudyInstanceUid, instances.Skip(2).Select(i => i.SopInstanceUid));
        await upload.CompleteAsync(study.StudyInstanceUid);
        var later = await SearchAsync(destinationKey, $"/dicomweb/studies?StudyInstanceUID={study.StudyInstanceUid}");
        using var whole = await GetAsync(destinationKey, path, null);

        Assert.Equal("4", Strings(later[0], "00201208")[0]);
        Assert.Equal(4, (await MultipartBody.ReadAsync(whole)).Count);
    }

    [Fact]
    public async Task Wado_Instance_OneInstanceAsSent()
    {
        var sent = await SentAsync(seed: 604);
        var instance = sent.Study.Instances[4];
        var series = Dicom.DicomFile.Open(instance.Path).Dataset.GetString(Dicom.DicomTag.SeriesInstanceUID);

        using var response = await GetAsync(sent.DestinationKey, $"/dicomweb/studies/{sent.Study.StudyInstanceUid}/series/{series}/instances/{instance.SopInstanceUid}", null);

        var part = Assert.Single(await MultipartBody.ReadAsync(response));
        Assert.Equal(File.ReadAllBytes(instance.Path), part.Body);
    }

    [Fact]
    public async Task Wado_ChunkDamagedOnDisk_ResponseBrokenOffWithoutTheDamagedBytes()
    {
        var sent = await SentAsync(seed: 607);
        var victim = sent.Study.Instances[3];
        var hash = Convert.ToHexStringLower(victim.ChunkHashes[0]);
        var file = Directory.EnumerateFiles(Path.Combine(_server.DataPath, "chunks"), hash, SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var broken = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await GetAsync(sent.DestinationKey, $"/dicomweb/studies/{sent.Study.StudyInstanceUid}", null);
            await MultipartBody.ReadAsync(response);
        });

        Assert.True(broken is HttpRequestException or IOException or InvalidOperationException, broken.ToString());
        Assert.Contains($"chunk {hash} does not match its hash", _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DicomWeb_AnotherFacilitysStudy_SameNotFoundAsOneThatDoesNotExist()
    {
        var sent = await SentAsync(seed: 605);
        var (_, outsiderKey) = await HandoffApi.RegisterFacilityAsync(_server, $"qido-outsider-{Interlocked.Increment(ref s_runs)}");

        using var theirs = await GetAsync(outsiderKey, $"/dicomweb/studies/{sent.Study.StudyInstanceUid}", null);
        using var missing = await GetAsync(outsiderKey, "/dicomweb/studies/1.2.826.0.1.3680043.10.543.999", null);
        using var theirsMetadata = await GetAsync(outsiderKey, $"/dicomweb/studies/{sent.Study.StudyInstanceUid}/metadata", null);
        var search = await SearchAsync(outsiderKey, $"/dicomweb/studies?PatientID={sent.Study.PatientId}");
        using var noKey = await GetAsync(null, $"/dicomweb/studies/{sent.Study.StudyInstanceUid}", null);

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirsMetadata.StatusCode);
        Assert.Equal(Detail(await theirs.Content.ReadAsStringAsync()).Replace(sent.Study.StudyInstanceUid, "X", StringComparison.Ordinal),
            Detail(await missing.Content.ReadAsStringAsync()).Replace("1.2.826.0.1.3680043.10.543.999", "X", StringComparison.Ordinal));
        Assert.Empty(search);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var audit = await AuditAsync(outsiderKey);
        Assert.Contains(audit, e => e.Action == "dicomweb.request" && e.Outcome == "not-found" && e.ObjectId == $"GET /dicomweb/studies/{sent.Study.StudyInstanceUid}");
    }

    [Fact]
    public async Task Qido_UnknownKeyOrBadLimit_BadRequestNamingIt()
    {
        var sent = await SentAsync(seed: 606);

        using var unknown = await GetAsync(sent.DestinationKey, "/dicomweb/studies?NoSuchKeyword=1", null);
        using var limit = await GetAsync(sent.DestinationKey, "/dicomweb/studies?limit=-5", null);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("NoSuchKeyword", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("limit", await limit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A 6-instance, 2-series study stored by one facility for another with STOW-RS.</summary>
    private async Task<Sent> SentAsync(int seed)
    {
        var n = Interlocked.Increment(ref s_runs);
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, $"qido-src-{n}");
        var (_, destinationKey) = await HandoffApi.RegisterFacilityAsync(_server, $"qido-dst-{n}");
        var study = LocalStudy.Write(Directory.CreateDirectory(_files.Combine($"study-{n}")).FullName, seed, slices: 6, series: 2);
        using var stored = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path)).PostAsync(_http, _server.WebAddress, $"/dicomweb/to/qido-dst-{n}/studies", sourceKey);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        return new Sent(study, destinationKey, $"qido-dst-{n}");
    }

    private async Task<HttpResponseMessage> GetAsync(string? key, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.WebAddress, path));
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return await _http.SendAsync(request);
    }

    private async Task<List<JsonElement>> SearchAsync(string key, string path)
    {
        using var response = await GetAsync(key, path, "application/dicom+json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray()];
    }

    private async Task<IReadOnlyList<AuditEvent>> AuditAsync(string key)
    {
        var api = new HandoffApi(_server, key);
        return (await api.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { PageSize = 1000 })).Events;
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    private static string[] Strings(JsonElement dataset, string tag) => [.. dataset.GetProperty(tag).GetProperty("Value").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()!)];

    private sealed record Sent(LocalStudy Study, string DestinationKey, string DestinationId);
}
