using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Handoff.Client;
using Handoff.Dicom;
using Handoff.Dicom.IO;
using Handoff.Gateway.Pull;
using Handoff.Protos.V1;
using Handoff.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Gateway.Tests;

/// <summary>
/// Orthanc as the PACS on both ends: Orthanc A sends a study to the north gateway's route (REST
/// /modalities/{id}/store, a C-STORE as a PACS user would trigger it), the server carries it, the south gateway stores
/// it into Orthanc B with storage commitment, and the source sees it acknowledged with the commitment in the receipt;
/// Orthanc B holds every data set as Orthanc A sent it, with the north facility's issuer filled in (Orthanc A's files name none). `pull` takes a patient's priors from Orthanc A.
/// </summary>
public sealed class OrthancBothEndsTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new("gateway-orthanc");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task OrthancAToOrthancB_ThroughBothGateways_CommittedAndAcknowledgedWithEveryDataSetAsSentButTheIssuer()
    {
        var (north, northKey) = await HandoffApi.RegisterFacilityAsync(_server, "or-north");
        var (_, southKey) = await HandoffApi.RegisterFacilityAsync(_server, "or-south");
        var ports = FreePorts.Take(2);
        await using var orthancA = await OrthancPeer.StartAsync("ORTHANC_A", Deadline, ("TO_SOUTH", ports[0]));
        await using var orthancB = await OrthancPeer.StartAsync("ORTHANC_B", Deadline, ("SOUTH_GW", ports[1]));
        var study = LocalStudy.Write(_folder.Combine("study"), seed: 601, slices: 5, rows: 96, columns: 96);
        await orthancA.LoadAsync([.. study.Instances.Select(i => i.Path)]);
        await using var northGateway = RunningGateway.Start(_server, northKey, new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, ports[0]),
            AeTitle = "NORTH_GW",
            Routes = [GatewayRoute.Parse("TO_SOUTH=or-south:stat")],
            Spool = _folder.Combine("north-spool"),
            QuietWindow = TimeSpan.FromSeconds(2),
        });
        await using var southGateway = RunningGateway.Start(_server, southKey, new GatewaySettings
        {
            Listen = new IPEndPoint(IPAddress.Loopback, ports[1]),
            AeTitle = "SOUTH_GW",
            Deliver = DeliveryTarget.Of(new PacsAddress("ORTHANC_B", "127.0.0.1", orthancB.DicomPort)),
            Commit = true,
            Spool = _folder.Combine("south-spool"),
            DeliveryRetry = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
        });

        var studyId = (await orthancA.Http.GetFromJsonAsync<string[]>("studies"))!.Single();
        using (var store = await orthancA.Http.PostAsJsonAsync("modalities/to_south/store", new Dictionary<string, object> { ["Resources"] = new[] { studyId }, ["Synchronous"] = true }))
            Assert.True(store.IsSuccessStatusCode, $"Orthanc A's C-STORE to the gateway: {await store.Content.ReadAsStringAsync()}");

        using var client = north.CreateClient();
        var transfer = await Poll.ForAsync(async () =>
        {
            var sent = (await client.ListTransfersAsync(Mailbox.Outbox)).FirstOrDefault();
            return sent?.State == TransferState.Acknowledged ? sent : null;
        }, Deadline, "the transfer acknowledged by the south gateway");
        transfer = await client.GetTransferAsync(transfer.Id);

        Assert.Equal(Priority.Stat, transfer.Priority);
        Assert.Equal("ORTHANC_B", transfer.Acknowledgement.Delivery.AeTitle);
        Assert.True(transfer.Acknowledgement.Delivery.Committed);
        Assert.Equal(5, transfer.Acknowledgement.Delivery.InstancesStored);
        foreach (var instance in study.Instances)
        {
            var inA = await orthancA.FileOfAsync(instance.SopInstanceUid);
            var inB = await orthancB.FileOfAsync(instance.SopInstanceUid);
            Assert.NotNull(inA);
            Assert.True(inB is not null, $"Orthanc B holds no {instance.SopInstanceUid}");
            Delivered.AssertHeldAsSentWithIssuer(inA, inB, "OR-NORTH-MRN");
        }
    }

    [Fact]
    public async Task Pull_FromOrthancByPatientId_SendsThePatientsStudies()
    {
        var (north, _) = await HandoffApi.RegisterFacilityAsync(_server, "or-north-2");
        await HandoffApi.RegisterFacilityAsync(_server, "or-south-2");
        var pullPort = FreePorts.Take(1)[0];
        await using var orthancA = await OrthancPeer.StartAsync("ORTHANC_A", Deadline, ("PULL_AE", pullPort));
        var wanted = LocalStudy.Write(_folder.Combine("wanted"), seed: 602, slices: 3, rows: 64, columns: 64);
        var other = LocalStudy.Write(_folder.Combine("other"), seed: 603, slices: 2, rows: 64, columns: 64);
        await orthancA.LoadAsync([.. wanted.Instances.Select(i => i.Path), .. other.Instances.Select(i => i.Path)]);
        using var client = north.CreateClient();

        var result = await PriorPull.RunAsync(client, new PullRequest(
            new PacsAddress("ORTHANC_A", "127.0.0.1", orthancA.DicomPort), wanted.PatientId, [], "or-south-2", Priority.Urgent,
            "PULL_AE", new IPEndPoint(IPAddress.Loopback, pullPort), _folder.Combine("pulled")), NullLogger.Instance, new CancellationTokenSource(Deadline).Token);

        Assert.False(result.AddedToOpenTransfer);
        var transfer = await client.GetTransferAsync(result.TransferId);
        Assert.Equal(Priority.Urgent, transfer.Priority);
        Assert.Equal(wanted.StudyInstanceUid, Assert.Single(transfer.Studies).StudyInstanceUid);
        Assert.Equal(3, transfer.Studies[0].InstancesDeclared);
        // Orthanc's counts (C-FIND, Number of Study/Series Related Instances) came along as what to expect: all arrived.
        Assert.Equal(1, result.Studies);
        Assert.Equal(0, result.InstancesMissing);
        var settled = await Poll.ForAsync(async () =>
        {
            var seen = await client.GetTransferAsync(result.TransferId);
            return seen.Studies[0].Complete ? seen : null;
        }, Deadline, "the pulled study complete");
        Assert.Equal(3, Assert.Single(settled.Studies[0].Series).InstancesExpected);
        Assert.False(settled.Incomplete);
    }
}
