using System.Net;
using System.Text.Json;
using Handoff.Dicom;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// STOW-RS on a real server's web endpoint: a facility posts a study for a destination, and the destination receives
/// it through the gRPC API byte for byte; a part that cannot be stored is refused alone with its reason; requests
/// without a valid facility key, of the wrong media type or for a destination that does not exist store nothing.
/// </summary>
public sealed class StowTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static int s_facilities;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("stow");
    private readonly HttpClient _http = new() { Timeout = Deadline };

    public StowTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Stow_Study_DestinationReceivesEveryInstanceAsSent()
    {
        var (source, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 301, slices: 6, series: 2);

        using var response = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path))
            .PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies?priority=stat", sourceKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.EndsWith($"/dicomweb/studies/{study.StudyInstanceUid}", Strings(body, "00081190")[0], StringComparison.Ordinal);
        var stored = Items(body, "00081199");
        Assert.Equal(study.Instances.Select(i => i.SopInstanceUid).Order(), stored.Select(i => Strings(i, "00081155")[0]).Order());
        Assert.All(stored, item => Assert.Equal("1.2.840.10008.5.1.4.1.1.2", Strings(item, "00081150")[0]));
        Assert.Empty(Items(body, "00081198"));

        var transferId = Assert.Single(response.Headers.GetValues("Handoff-Transfer-Id"));
        var transfer = await destination.Api.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(Priority.Stat, transfer.Priority);
        Assert.Equal(source.Id, transfer.SourceFacilityId);
        Assert.Equal(TransferState.Available, transfer.State);
        var receiver = new TransferReceiver(destination.Api, transferId, Folder("received"));
        await receiver.ReceiveAllAsync(Deadline);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
    }

    [Fact]
    public async Task Stow_WithEta_TheTransferCarriesThePatientsArrival_AndAnUnreadableEtaIsRefusedStoringNothing()
    {
        var (_, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("eta"), seed: 307, slices: 2);
        var before = DateTimeOffset.UtcNow;

        using var refused = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path))
            .PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies?eta=tomorrow", sourceKey);
        var refusedBody = await refused.Content.ReadAsStringAsync();
        var inboxAfterRefusal = await destination.Api.Transfers.ListTransfersAsync(new ListTransfersRequest());
        using var stored = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path))
            .PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies?priority=stat&eta=2h", sourceKey);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("eta", refusedBody, StringComparison.Ordinal);
        Assert.Empty(inboxAfterRefusal.Transfers);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var transfer = await destination.Api.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = Assert.Single(stored.Headers.GetValues("Handoff-Transfer-Id")) });
        Assert.InRange(transfer.ExpectedArrival.ToDateTimeOffset(), before.AddHours(2), DateTimeOffset.UtcNow.AddHours(2));
    }

    [Fact]
    public async Task Stow_BadPartsAmongGoodOnes_RefusesOnlyTheBadOnesWithReasons()
    {
        var (_, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 302, slices: 2);
        var other = LocalStudy.Write(Folder("other"), seed: 303, slices: 1);
        var request = new StowRequest()
            .AddFile(study.Instances[0].Path)
            .AddBytes("not an image"u8.ToArray(), "text/plain")
            .AddBytes(new byte[4096], "application/dicom")
            .AddFile(other.Instances[0].Path)
            .AddFile(study.Instances[1].Path);

        using var response = await request.PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies/{study.StudyInstanceUid}", sourceKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(study.Instances.Select(i => i.SopInstanceUid).Order(), Items(body, "00081199").Select(i => Strings(i, "00081155")[0]).Order());
        var failed = Items(body, "00081198");
        Assert.Equal([0xC000, 0xC000, 0xA900], failed.Select(f => Numbers(f, "00081197")[0]).ToArray());
        Assert.Equal(other.Instances[0].SopInstanceUid, Strings(failed[2], "00081155")[0]);
        var warnings = string.Join("\n", response.Headers.GetValues("Warning"));
        Assert.Contains("part 2 has Content-Type 'text/plain'", warnings, StringComparison.Ordinal);
        Assert.Contains("part 3 is not a DICOM Part 10 instance", warnings, StringComparison.Ordinal);
        Assert.Contains($"not to study {study.StudyInstanceUid} named in the URL", warnings, StringComparison.Ordinal);

        var transferId = Assert.Single(response.Headers.GetValues("Handoff-Transfer-Id"));
        var manifest = await destination.Api.Downloads.GetTransferManifestAsync(new GetTransferManifestRequest { TransferId = transferId });
        var sent = Assert.Single(manifest.Studies);
        Assert.Equal(study.StudyInstanceUid, sent.StudyInstanceUid);
        Assert.Equal(2, sent.Series.Sum(s => s.Instances.Count));
    }

    [Fact]
    public async Task Stow_TwoRequestsForOnePatient_JoinOneTransfer()
    {
        var (_, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 304, slices: 2);
        var prior = study.CopyAsStudy(Folder("prior"), "1.2.826.0.1.3680043.10.543.304.9");

        using var first = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path)).PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies", sourceKey);
        using var second = await new StowRequest().AddFiles(prior.Instances.Select(i => i.Path)).PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies", sourceKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var transferId = Assert.Single(first.Headers.GetValues("Handoff-Transfer-Id"));
        Assert.Equal(transferId, Assert.Single(second.Headers.GetValues("Handoff-Transfer-Id")));
        var transfer = await destination.Api.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId });
        Assert.Equal(new[] { study.StudyInstanceUid, prior.StudyInstanceUid }.Order(), transfer.Studies.Select(s => s.StudyInstanceUid).Order());
        Assert.Single(await ListAsync(destination, Mailbox.Inbox));
    }

    [Fact]
    public async Task Stow_SameInstanceWithOtherBytes_RefusedAsDuplicate()
    {
        var (_, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 305, slices: 1);
        var altered = DicomFile.Open(study.Instances[0].Path);
        altered.Dataset.Set(DicomTag.SeriesDescription, DicomVR.LO, "ALTERED");
        var alteredPath = Path.Combine(Folder("altered"), "altered.dcm");
        altered.Save(alteredPath);

        using var first = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies", sourceKey);
        using var second = await new StowRequest().AddFile(alteredPath).PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies", sourceKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var failed = Assert.Single(Items(await JsonAsync(second), "00081198"));
        Assert.Equal(0x0111, Numbers(failed, "00081197")[0]);
        Assert.Contains(study.Instances[0].SopInstanceUid, string.Join("\n", second.Headers.GetValues("Warning")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stow_WithoutValidFacilityKey_IsRefusedAndStoresNothing()
    {
        var (_, _, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 306, slices: 1);
        var path = $"/dicomweb/to/{destination.Id}/studies";

        using var none = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, path, key: null);
        using var wrong = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, path, "hk_nobody_0123456789abcdef0123456789abcdef");
        using var operatorKey = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, path, _server.OperatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorKey.StatusCode);
        Assert.Contains("facility API key", await operatorKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(destination, Mailbox.Inbox));
    }

    [Fact]
    public async Task Stow_UnknownDestination_NotFoundAndNothingSent()
    {
        var (source, sourceKey, _) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 307, slices: 1);

        using var response = await new StowRequest().AddFile(study.Instances[0].Path).PostAsync(_http, _server.WebAddress, "/dicomweb/to/no-such-facility/studies", sourceKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await ListAsync(source, Mailbox.Outbox));
    }

    [Fact]
    public async Task Stow_NotMultipartRelatedDicom_UnsupportedMediaType()
    {
        var (_, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 308, slices: 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.WebAddress, $"/dicomweb/to/{destination.Id}/studies"))
        {
            Content = new ByteArrayContent(File.ReadAllBytes(study.Instances[0].Path)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/dicom");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sourceKey);

        using var bare = await _http.SendAsync(request);
        using var xml = await new StowRequest(type: "application/dicom+xml").AddFile(study.Instances[0].Path)
            .PostAsync(_http, _server.WebAddress, $"/dicomweb/to/{destination.Id}/studies", sourceKey);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, bare.StatusCode);
        Assert.Contains("multipart/related", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Empty(await ListAsync(destination, Mailbox.Inbox));
    }

    [Fact]
    public async Task Stow_OnTheGrpcEndpoint_NotServed()
    {
        var (_, sourceKey, destination) = await FacilitiesAsync();
        var study = LocalStudy.Write(Folder("study"), seed: 309, slices: 1);
        using var h2 = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await new StowRequest().AddFile(study.Instances[0].Path)
            .PostAsync(h2, new Uri(_server.Address), $"/dicomweb/to/{destination.Id}/studies", sourceKey);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Empty(await ListAsync(destination, Mailbox.Inbox));
    }

    private async Task<(Facility Source, string SourceKey, Facility Destination)> FacilitiesAsync()
    {
        var n = Interlocked.Increment(ref s_facilities);
        var (source, sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, $"stow-src-{n}");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, $"stow-dst-{n}");
        return (new Facility($"stow-src-{n}", source), sourceKey, new Facility($"stow-dst-{n}", destination));
    }

    private string Folder(string name) => Directory.CreateDirectory(_files.Combine(name)).FullName;

    private static async Task<IReadOnlyList<Transfer>> ListAsync(Facility facility, Mailbox mailbox)
    {
        using var client = facility.Api.CreateClient();
        return await client.ListTransfersAsync(mailbox);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static JsonElement[] Items(JsonElement dataset, string tag) =>
        dataset.TryGetProperty(tag, out var element) && element.TryGetProperty("Value", out var value) ? [.. value.EnumerateArray()] : [];

    private static string[] Strings(JsonElement dataset, string tag) => [.. dataset.GetProperty(tag).GetProperty("Value").EnumerateArray().Select(v => v.GetString()!)];

    private static int[] Numbers(JsonElement dataset, string tag) => [.. dataset.GetProperty(tag).GetProperty("Value").EnumerateArray().Select(v => v.GetInt32())];

    private sealed record Facility(string Id, HandoffApi Api);
}
