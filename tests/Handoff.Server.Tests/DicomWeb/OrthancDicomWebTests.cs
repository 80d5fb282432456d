using System.Net;
using System.Text;
using System.Text.Json;
using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests.DicomWeb;

/// <summary>
/// A real DICOMweb client that is not ours: Orthanc's DICOMweb plugin, configured with Handoff as a DICOMweb server
/// (the destination-scoped base URL and the facility key), pushes a study with its STOW-RS client, and the
/// destination receives every instance byte for byte; configured with the destination's key, it retrieves a study
/// from Handoff with WADO-RS and holds every instance as sent.
/// </summary>
public sealed class OrthancDicomWebTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("orthanc-stow");

    public OrthancDicomWebTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task OrthancStow_Study_DestinationReceivesItAsOrthancHeldIt()
    {
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, "orthanc-stow-src");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(_server, "orthanc-stow-dst");
        var study = LocalStudy.Write(Directory.CreateDirectory(_files.Combine("study")).FullName, seed: 501, slices: 12, series: 2);
        var servers = new Dictionary<string, (Uri, string?)> { ["handoff"] = (new Uri(_server.WebAddress, "/dicomweb/to/orthanc-stow-dst/"), sourceKey) };
        await using var orthanc = await OrthancPeer.StartWithDicomWebAsync("ORTHANC_A", Deadline, servers);
        await orthanc.LoadAsync([.. study.Instances.Select(i => i.Path)]);
        var studyId = await orthanc.StudyIdAsync(study.StudyInstanceUid);

        using var body = new StringContent(JsonSerializer.Serialize(new { Resources = new[] { studyId } }), Encoding.UTF8, "application/json");
        using var stow = await orthanc.Http.PostAsync("dicom-web/servers/handoff/stow", body);

        Assert.True(stow.StatusCode == HttpStatusCode.OK, await stow.Content.ReadAsStringAsync());
        IReadOnlyList<Transfer> inbox = [];
        await Poll.UntilAsync(async () =>
        {
            using var client = destination.CreateClient();
            inbox = await client.ListTransfersAsync(Mailbox.Inbox);
            return inbox.Count == 1 && inbox[0].State == TransferState.Available;
        }, Deadline, "the transfer Orthanc stored available at the destination");
        var receiver = new TransferReceiver(destination, inbox[0].Id, Directory.CreateDirectory(_files.Combine("received")).FullName);
        await receiver.ReceiveAllAsync(Deadline);
        foreach (var instance in study.Instances)
        {
            var held = await orthanc.FileOfAsync(instance.SopInstanceUid);
            Assert.Equal(held, File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        }
    }

    [Fact]
    public async Task OrthancRetrieve_StudyFromHandoff_HoldsEveryInstanceAsSent()
    {
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(_server, "orthanc-wado-src");
        var (_, destinationKey) = await HandoffApi.RegisterFacilityAsync(_server, "orthanc-wado-dst");
        var study = LocalStudy.Write(Directory.CreateDirectory(_files.Combine("wado")).FullName, seed: 502, slices: 6, series: 2);
        using var http = new HttpClient { Timeout = Deadline };
        using var stored = await new StowRequest().AddFiles(study.Instances.Select(i => i.Path)).PostAsync(http, _server.WebAddress, "/dicomweb/to/orthanc-wado-dst/studies", sourceKey);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var servers = new Dictionary<string, (Uri, string?)> { ["handoff"] = (new Uri(_server.WebAddress, "/dicomweb/"), destinationKey) };
        await using var orthanc = await OrthancPeer.StartWithDicomWebAsync("ORTHANC_B", Deadline, servers);

        using var body = new StringContent(JsonSerializer.Serialize(new { Resources = new[] { new { Study = study.StudyInstanceUid } } }), Encoding.UTF8, "application/json");
        using var retrieve = await orthanc.Http.PostAsync("dicom-web/servers/handoff/retrieve", body);

        Assert.True(retrieve.StatusCode == HttpStatusCode.OK, await retrieve.Content.ReadAsStringAsync());
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), await orthanc.FileOfAsync(instance.SopInstanceUid));
    }
}
