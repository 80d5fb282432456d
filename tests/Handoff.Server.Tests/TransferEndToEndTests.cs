using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// The product on a real server: A sends a study to B at STAT; B pulls it while it still uploads, gets identical
/// bytes and acknowledges; A sees who confirmed it. C sees nothing. Every access is audited; no patient data is logged.
/// </summary>
public sealed class TransferEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TempFolder _files = new("files");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task SendToB_WhileBReceives_BytesIdenticalAcknowledgedAndAudited()
    {
        var (a, _) = await HandoffApi.RegisterFacilityAsync(_server, "st-a");
        var (b, _) = await HandoffApi.RegisterFacilityAsync(_server, "st-b");
        var (c, _) = await HandoffApi.RegisterFacilityAsync(_server, "st-c");
        var study = LocalStudy.Write(_files.Combine("study"), seed: 11, slices: 24, series: 2);

        var declared = await ChunkUpload.DeclareAsync(a, study);
        Assert.Equal(study.TotalChunks, declared.MissingChunkHashes.Count);
        var transfer = await a.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "e2e-1",
            DestinationFacilityId = "st-b",
            StudyInstanceUids = { study.StudyInstanceUid },
            Priority = Priority.Stat,
            Reason = "trauma transfer",
        });
        Assert.Equal(TransferState.Receiving, transfer.State);
        var again = await a.Transfers.CreateTransferAsync(new CreateTransferRequest
        {
            RequestId = "e2e-1", DestinationFacilityId = "st-b", StudyInstanceUids = { study.StudyInstanceUid }, Priority = Priority.Stat,
        });
        Assert.Equal(transfer.Id, again.Id);

        var receiver = new TransferReceiver(b, transfer.Id, _files.Combine("received"));
        var receiving = receiver.ReceiveAllAsync(Deadline);
        var acks = await ChunkUpload.UploadAsync(a, study, declared.MissingChunkHashes, streams: 2);
        Assert.Equal(study.TotalChunks, acks.Count);
        Assert.Equal(study.Instances.Count, acks.Sum(ack => ack.CompletedSopInstanceUids.Count));
        var status = await a.Uploads.CompleteStudyAsync(new CompleteStudyRequest { StudyInstanceUid = study.StudyInstanceUid });
        Assert.Equal(StudyState.Complete, status.State);
        await receiving;

        foreach (var instance in study.Instances)
            Assert.Equal(File.ReadAllBytes(instance.Path), File.ReadAllBytes(receiver.PathOf(study.StudyInstanceUid, instance.SopInstanceUid)));
        await b.Downloads.ReportDownloadedAsync(new ReportDownloadedRequest { TransferId = transfer.Id });
        var acknowledged = await b.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest());
        Assert.True(acknowledged.Accepted, string.Join(", ", acknowledged.MismatchedSopInstanceUids.Concat(acknowledged.MissingSopInstanceUids)));

        var seenByA = await a.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transfer.Id });
        Assert.Equal(TransferState.Acknowledged, seenByA.State);
        Assert.Equal("st-b", seenByA.Acknowledgement.FacilityId);
        var late = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => a.Transfers.CancelTransferAsync(new CancelTransferRequest { TransferId = transfer.Id }));
        Assert.Contains("Acknowledged", late.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(study.Instances.Count, seenByA.Acknowledgement.InstancesConfirmed);
        Assert.Contains(seenByA.Timeline, e => e.Type == TransferEventType.InstanceAvailable);

        await ThirdFacility_SeesNothing(c, transfer.Id, study);
        await Audit_RecordsEveryAccess(a, b, c, transfer.Id);
        Assert.DoesNotContain(study.PatientName, _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(study.PatientId, _server.Output, StringComparison.Ordinal);
    }

    private static async Task ThirdFacility_SeesNothing(HandoffApi c, string transferId, LocalStudy study)
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => c.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => c.Downloads.GetTransferManifestAsync(new GetTransferManifestRequest { TransferId = transferId }));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => c.Downloads.AcknowledgeAsync(new AcknowledgeRequest { TransferId = transferId }));
        var request = new DownloadChunksRequest { TransferId = transferId };
        request.ChunkHashes.Add(Google.Protobuf.ByteString.CopyFrom(study.Instances[0].ChunkHashes[0]));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () =>
        {
            using var call = c.Downloads.DownloadChunks(request);
            await call.ResponseStream.MoveNext();
        });
        // A transfer that exists and one that does not get the same answer.
        var unknownId = Guid.NewGuid().ToString();
        var unknown = await RpcAssert.FailsWith(StatusCode.NotFound, () => c.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = unknownId }));
        var hidden = await RpcAssert.FailsWith(StatusCode.NotFound, () => c.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = transferId }));
        Assert.Equal(unknown.Status.Detail.Replace(unknownId, "ID", StringComparison.Ordinal), hidden.Status.Detail.Replace(transferId, "ID", StringComparison.Ordinal));
        var outbox = await c.Transfers.ListTransfersAsync(new ListTransfersRequest());
        Assert.Empty(outbox.Transfers);
    }

    private static async Task Audit_RecordsEveryAccess(HandoffApi a, HandoffApi b, HandoffApi c, string transferId)
    {
        // A sees who tried: the copy of a refused call's event for the owner is written just after the answer.
        await Poll.UntilAsync(async () => (await a.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 1000 })).Events
            .Any(e => e.Actor == "st-c" && e.Outcome == "not-found" && e.ObjectId == transferId), Deadline, "C's refused attempts in A's audit log");
        var ofA = (await a.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 1000 })).Events;
        Assert.Contains(ofA, e => e.Action == "study.declare" && e.Outcome == "success");
        Assert.Contains(ofA, e => e.Action == "chunks.upload" && e.Outcome == "success");
        Assert.Contains(ofA, e => e.Action == "transfer.create" && e.ObjectId == transferId);
        Assert.Contains(ofA, e => e.Action == "transfer.acknowledge" && e.Actor == "st-b" && e.Outcome == "success");
        Assert.Contains(ofA, e => e.Actor == "st-c" && e.Outcome == "not-found" && e.ObjectId == transferId);
        var ofB = (await b.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 1000 })).Events;
        Assert.Contains(ofB, e => e.Action == "transfer.manifest" && e.Actor == "st-b" && e.Outcome == "success");
        Assert.Contains(ofB, e => e.Action == "chunks.download" && e.Actor == "st-b" && e.Outcome == "success");
        Assert.Contains(ofB, e => e.Action == "transfer.acknowledge" && e.Actor == "st-b");
        var ofC = (await c.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 1000 })).Events;
        Assert.Contains(ofC, e => e.Action == "transfer.get" && e.Outcome == "not-found");
        Assert.All(ofC, e => Assert.NotEqual("st-a", e.FacilityId)); // C's own log does not reveal whose transfer it reached for
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => c.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { FacilityId = "st-a" }));
    }
}
