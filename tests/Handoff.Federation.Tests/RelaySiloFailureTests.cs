using Google.Protobuf;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// North is a cluster of two silos on Azure Storage (Azurite); the silo running a relay is SIGKILLed halfway. The
/// relay directory still lists the relay, the surviving silo's supervisor brings its grain back there, and the relay
/// continues from what south already holds: the transfer completes end to end.
/// </summary>
public sealed class RelaySiloFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly AzuriteProcess _azurite = new();
    private readonly TestCertificates _certificates = new();
    private readonly TempFolder _files = new("relay-silo");
    private readonly List<ServerProcess> _servers = [];

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        await _azurite.DisposeAsync();
        _certificates.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Relay_SiloRunningItKilled_ContinuesFromTheOtherSiloAndCompletes()
    {
        var northCertificate = _certificates.Issue("north");
        var southCertificate = _certificates.Issue("south");
        var northSettings = new ServerSettings
        {
            Azure = AzureCluster.New(_azurite.ConnectionString),
            Federation = new FederationSettings("north", northCertificate),
            Arguments = ["--Handoff:Federation:RelayRetryLimit=00:00:02"],
        };
        var north = new[] { await StartAsync(northSettings), await StartAsync(northSettings) };
        var south = await StartAsync(new ServerSettings { Federation = new FederationSettings("south", southCertificate) });
        await HandoffApi.Operator(north[0]).Peers.AddPeerAsync(FederatedPair.PeerRequest("south", south.FederationAddress, southCertificate));
        await HandoffApi.Operator(south).Peers.AddPeerAsync(FederatedPair.PeerRequest("north", north[0].FederationAddress, northCertificate));
        var (_, sourceKey) = await HandoffApi.RegisterFacilityAsync(north[0], "rural-g");
        var (destination, _) = await HandoffApi.RegisterFacilityAsync(south, "stroke-g");
        await HandoffApi.Operator(south).Peers.ExportFacilityAsync(new ExportFacilityRequest { FacilityId = "stroke-g", Peer = "north" });
        await HandoffApi.Operator(north[0]).Peers.ImportFacilitiesAsync(new ImportFacilitiesRequest { Peer = "south", All = true });

        var study = LocalStudy.Write(_files.Combine("study"), seed: 87, slices: 40, rows: 192, columns: 192);
        var firstHalf = study.Instances.Take(20).ToList();
        var source = new HandoffApi(north[0], sourceKey);
        var declared = await ChunkUpload.DeclareAsync(source, study);
        var transfer = await source.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "relay-silo", DestinationFacilityId = "stroke-g@south", StudyInstanceUids = { study.StudyInstanceUid },
        });
        var firstChunks = declared.MissingChunkHashes.Where(h => firstHalf.Any(i => i.ChunkHashes.Any(c => ByteString.CopyFrom(c) == h))).ToList();
        await ChunkUpload.UploadAsync(source, study, firstChunks, streams: 2);
        await Poll.UntilAsync(async () =>
        {
            var inbox = await destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox });
            return inbox.Transfers.Any(t => t.Studies.Sum(s => s.InstancesAvailable) >= firstHalf.Count);
        }, Deadline, "south holding the first half");

        // Kill the silo the relay runs on; the source carries on through the other one.
        var started = $"Relay of transfer {transfer.Id} to peer south started";
        var relaying = await Poll.ForAsync(() => north.FirstOrDefault(s => s.Output.Contains(started, StringComparison.Ordinal)), Deadline, "the silo running the relay");
        var survivor = north.Single(s => s != relaying);
        relaying.Kill();
        var rest = declared.MissingChunkHashes.Except(firstChunks).ToList();
        var throughSurvivor = new HandoffApi(survivor, sourceKey);
        await Poll.UntilAsync(async () =>
        {
            await ChunkUpload.UploadAsync(throughSurvivor, study, rest, streams: 2);
            await throughSurvivor.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
            return true;
        }, Deadline, "the rest uploaded through the surviving silo");

        await RelayTimeline.WaitForEventAsync(throughSurvivor, transfer.Id, TransferEventType.Relayed, Deadline);
        var inbound = (await destination.Transfers.ListTransfersAsync(new ListTransfersRequest { Mailbox = Mailbox.Inbox })).Transfers.Single();
        var receiver = new TransferReceiver(destination, inbound.Id, _files.Combine("received"));
        await receiver.ReceiveAllAsync(Deadline);
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        Assert.True((await destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest())).Accepted);
        var settled = await RelayTimeline.WaitForStateAsync(throughSurvivor, transfer.Id, TransferState.Acknowledged, Deadline);
        Assert.Equal("stroke-g@south", settled.Acknowledgement.FacilityId);
    }

    private async Task<ServerProcess> StartAsync(ServerSettings settings)
    {
        var server = await ServerProcess.StartAsync(settings);
        _servers.Add(server);
        return server;
    }
}
