using Google.Protobuf;
using Handoff.Federation.Tests.Infrastructure;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Federation.Tests;

/// <summary>
/// A facility of north sends to a facility of south. The source's upload is held halfway on purpose, which proves
/// cut-through across the link: south already holds (and its destination already downloads) the first half while
/// north has not received the rest. Then the source finishes, the destination receives and acknowledges in its own
/// network, and north sees Acknowledged by "facility@south" with the very receipt hash south recorded, the PACS its
/// gateway stored into, and why that delivery had to wait.
/// </summary>
public sealed class FederatedTransferTests : IClassFixture<FederatedPair>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly FederatedPair _pair;
    private readonly TempFolder _files = new("federated");

    public FederatedTransferTests(FederatedPair pair) => _pair = pair;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Transfer_ToFacilityOfPeer_CutThroughBothHopsAndSourceSeesDestinationsReceipt()
    {
        var ends = await FederatedFacilities.CreateAsync(_pair, "rural-a", "stroke-a");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 81, slices: 40, rows: 192, columns: 192);
        var firstHalf = study.Instances.Take(20).ToList();

        // The source declares everything, creates the transfer to stroke-a@south, and uploads half of it.
        var declared = await ChunkUpload.DeclareAsync(ends.Source, study);
        var transfer = await ends.Source.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "federated-1", DestinationFacilityId = ends.RemoteAddress, StudyInstanceUids = { study.StudyInstanceUid }, Priority = Priority.Stat,
            Reason = "stroke: thrombectomy candidate",
        });
        var firstChunks = declared.MissingChunkHashes.Where(h => firstHalf.Any(i => i.ChunkHashes.Any(c => ByteString.CopyFrom(c) == h))).ToList();
        await ChunkUpload.UploadAsync(ends.Source, study, firstChunks, streams: 2);

        // South holds the first half while north has only that half: the relay forwards as the source uploads.
        var inbound = await ends.WaitForInboundAsync(Deadline, t => t.Studies.Sum(s => s.InstancesAvailable) >= firstHalf.Count);
        Assert.Equal("rural-a@north", inbound.SourceFacilityId);
        Assert.Equal(Priority.Stat, inbound.Priority);
        Assert.Equal(TransferState.Receiving, inbound.State);
        var atNorth = await ends.Source.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transfer.Id });
        Assert.Equal(firstHalf.Count, atNorth.Studies.Single().InstancesAvailable);

        // The destination downloads what is there while the relay still runs.
        var receiver = new TransferReceiver(ends.Destination, inbound.Id, _files.Combine("received"));
        var receiving = receiver.ReceiveAllAsync(Deadline);
        await Poll.UntilAsync(() => receiver.ReceivedCount >= firstHalf.Count || receiving.IsCompleted, Deadline, "the first half received on south");
        Assert.False(receiving.IsCompleted, "the destination finished before the source did");

        // The source finishes; everything arrives byte for byte and the destination acknowledges in its network.
        await ChunkUpload.UploadAsync(ends.Source, study, declared.MissingChunkHashes.Except(firstChunks).ToList(), streams: 2);
        await ends.Source.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        await receiving;
        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        await ends.Destination.Downloads.ReportDownloadedAsync(new ReportDownloadedRequest { TransferId = inbound.Id });
        // Its gateway finds the PACS down at first, then stores everything with storage commitment.
        await ends.Destination.Downloads.ReportDeliveryWaitingAsync(new ReportDeliveryWaitingRequest { TransferId = inbound.Id, Detail = "PACS STROKE_PACS is not answering" });
        var acknowledgement = receiver.ToAcknowledgeRequest();
        acknowledgement.Delivery = new PacsDelivery
        {
            AeTitle = "STROKE_PACS", InstancesStored = study.Instances.Count, Committed = true, CommitmentTransactionUid = "1.2.826.0.1.3680043.10.543.81",
        };
        var acknowledged = await ends.Destination.Downloads.AcknowledgeAsync(acknowledgement);
        Assert.True(acknowledged.Accepted);

        // North sees the destination's proof: the same receipt hash, confirmed by stroke-a@south.
        var settled = await Poll.ForAsync(async () =>
        {
            var current = await ends.Source.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transfer.Id });
            return current.State == TransferState.Acknowledged ? current : null;
        }, Deadline, "north's transfer acknowledged");
        Assert.Equal(ends.RemoteAddress, settled.Acknowledgement.FacilityId);
        Assert.Equal(acknowledged.Transfer.Acknowledgement.ReceiptHash, settled.Acknowledgement.ReceiptHash);
        Assert.Equal(study.Instances.Count, settled.Acknowledgement.InstancesConfirmed);
        // And where it went: the destination's PACS and its storage commitment, and why delivery had to wait.
        Assert.Equal(acknowledged.Transfer.Acknowledgement.Delivery, settled.Acknowledgement.Delivery);
        var waiting = Assert.Single(settled.Timeline, e => e.Type == TransferEventType.DeliveryWaiting);
        Assert.Equal("PACS STROKE_PACS is not answering", waiting.Detail);
        Assert.Equal(ends.RemoteAddress, waiting.Actor);
        Assert.Contains("stored in PACS STROKE_PACS", settled.Timeline.Single(e => e.Type == TransferEventType.Acknowledged).Detail, StringComparison.Ordinal);
        var kinds = settled.Timeline.Select(e => e.Type).ToList();
        // Each event must be there (IndexOf is -1 otherwise, which would pass an order check) and in this order.
        var order = new[] { TransferEventType.Relayed, TransferEventType.Downloaded, TransferEventType.Acknowledged }.Select(kind => kinds.IndexOf(kind)).ToList();
        Assert.True(order.All(index => index >= 0) && order.SequenceEqual(order.Order()) && kinds.Contains(TransferEventType.RemoteAvailable),
            $"north's timeline: {string.Join(", ", kinds)}");

        // Each side audits its part, naming the other network; no patient data in either log.
        var northAudit = await _pair.NorthOperator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        Assert.Contains(northAudit.Events, e => e.Action == "transfer.relay-out" && e.Actor == "relay:south" && e.ObjectId == transfer.Id);
        Assert.Contains(northAudit.Events, e => e.Action == "transfer.relay-acknowledged" && e.ObjectId == transfer.Id);
        var southAudit = await _pair.SouthOperator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest());
        Assert.Contains(southAudit.Events, e => e.Action == "transfer.create" && e.Actor == "rural-a@north" && e.Outcome == "success");
        Assert.Contains(southAudit.Events, e => e.Action == "chunks.upload" && e.Actor == "rural-a@north");
        foreach (var output in new[] { _pair.North.Output, _pair.South.Output })
        {
            Assert.DoesNotContain(study.PatientName, output, StringComparison.Ordinal);
            Assert.DoesNotContain(study.PatientId, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AddStudies_AfterTheRelayDelivered_PriorsFollowToThePeerAndAreAcknowledgedToo()
    {
        var ends = await FederatedFacilities.CreateAsync(_pair, "rural-h", "stroke-h");
        var current = LocalStudy.Write(_files.Combine("current"), seed: 88, slices: 6);
        var prior = LocalStudy.Write(_files.Combine("prior"), seed: 89, slices: 5);
        await UploadAllAsync(ends.Source, current);
        var transfer = await ends.Source.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "with-priors", DestinationFacilityId = ends.RemoteAddress, StudyInstanceUids = { current.StudyInstanceUid },
        });
        await RelayTimeline.WaitForEventAsync(ends.Source, transfer.Id, TransferEventType.Relayed, Deadline);

        // "Send the priors too": added here, relayed there.
        await UploadAllAsync(ends.Source, prior);
        await ends.Source.Transfers.AddStudiesAsync(new AddStudiesRequest { TransferId = transfer.Id, RequestId = "add-prior", StudyInstanceUids = { prior.StudyInstanceUid } });
        var inbound = await ends.WaitForInboundAsync(Deadline, t => t.Studies.Count == 2 && t.State == TransferState.Available);
        var receiver = new TransferReceiver(ends.Destination, inbound.Id, _files.Combine("received-h"));
        await receiver.ReceiveAllAsync(Deadline);
        foreach (var (study, instance) in current.Instances.Select(i => (current, i)).Concat(prior.Instances.Select(i => (prior, i))))
            Assert.True(receiver.Received.ContainsKey((study.StudyInstanceUid, instance.SopInstanceUid)), $"{instance.SopInstanceUid} did not arrive");
        Assert.True((await ends.Destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest())).Accepted);

        var settled = await RelayTimeline.WaitForStateAsync(ends.Source, transfer.Id, TransferState.Acknowledged, Deadline);
        Assert.Equal(current.Instances.Count + prior.Instances.Count, settled.Acknowledgement.InstancesConfirmed);
    }

    private static async Task UploadAllAsync(HandoffApi source, LocalStudy study) =>
        Assert.Equal(StudyState.Complete, (await LibraryUpload.UploadAsync(source, study)).State);
}
