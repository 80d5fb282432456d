using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// The destination's gateway and its hospital PACS, on a real server: the acknowledgement carries the PACS and the
/// storage commitment to the source; while the gateway cannot deliver, its reasons reach the timeline once each;
/// only the destination may report them; and a delivery or reason that cannot be right is refused, naming the
/// field, with nothing recorded.
/// </summary>
public sealed class PacsDeliveryTests : IClassFixture<ServerFixture>, IDisposable
{
    private const string TransactionUid = "1.2.826.0.1.3680043.10.543.7";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static int s_facilities;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("pacs-delivery");

    public PacsDeliveryTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Acknowledge_WithCommittedDelivery_SourceSeesPacsAndCommitment()
    {
        var (sent, receiver) = await ReceivedAsync();
        var request = receiver.ToAcknowledgeRequest();
        request.Delivery = Delivery(sent, committed: true);

        var answer = await sent.Destination.Downloads.AcknowledgeAsync(request);
        var seenBySource = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });

        Assert.True(answer.Accepted);
        Assert.Equal(TransferState.Acknowledged, seenBySource.State);
        var delivery = seenBySource.Acknowledgement.Delivery;
        Assert.NotNull(delivery);
        Assert.Equal("ORTHANC_B", delivery.AeTitle);
        Assert.Equal(sent.Study.Instances.Count, delivery.InstancesStored);
        Assert.True(delivery.Committed);
        Assert.Equal(TransactionUid, delivery.CommitmentTransactionUid);
        Assert.NotNull(delivery.At);
        var acknowledged = Assert.Single(seenBySource.Timeline, e => e.Type == TransferEventType.Acknowledged);
        Assert.Contains("stored in PACS ORTHANC_B", acknowledged.Detail, StringComparison.Ordinal);
        Assert.Contains("storage commitment confirmed", acknowledged.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_WithoutDelivery_AcknowledgementHasNone()
    {
        var (sent, receiver) = await ReceivedAsync();

        var answer = await sent.Destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest());

        Assert.True(answer.Accepted);
        Assert.Null(answer.Transfer.Acknowledgement.Delivery);
    }

    [Fact]
    public async Task ReportDeliveryWaiting_RepeatedReasonOnce_ChangedReasonAgain_AuditedForBoth()
    {
        var sent = await SendAsync();
        var refused = "PACS ORTHANC_B refused the association";
        var uncommitted = "PACS ORTHANC_B did not confirm storage commitment";

        await ReportAsync(sent.Destination, sent.TransferId, refused);
        await ReportAsync(sent.Destination, sent.TransferId, refused);
        var last = await ReportAsync(sent.Destination, sent.TransferId, uncommitted);
        var seenBySource = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });

        Assert.Equal([refused, uncommitted], Waiting(last));
        Assert.Equal([refused, uncommitted], Waiting(seenBySource));
        Assert.All(seenBySource.Timeline.Where(e => e.Type == TransferEventType.DeliveryWaiting), e => Assert.Equal(sent.DestinationId, e.Actor));
        Assert.Equal(TransferState.Available, seenBySource.State);
        await Poll.UntilAsync(async () => (await sent.Sender.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { Limit = 1000 })).Events
            .Count(e => e.Action == "transfer.delivery-waiting" && e.Actor == sent.DestinationId && e.ObjectId == sent.TransferId) == 3,
            Deadline, "the three reports in the source's audit log");
    }

    [Fact]
    public async Task ReportDeliveryWaiting_BySource_PermissionDenied_ByStranger_NotFound_NothingRecorded()
    {
        var sent = await SendAsync();
        var (stranger, _) = await HandoffApi.RegisterFacilityAsync(_server, $"pacs-stranger-{Interlocked.Increment(ref s_facilities)}");

        var denied = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => ReportAsync(sent.Sender, sent.TransferId, "not the source's to say"));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => ReportAsync(stranger, sent.TransferId, "nor a stranger's"));

        Assert.Contains("destination", denied.Status.Detail, StringComparison.Ordinal);
        await AssertNothingRecordedAsync(sent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task ReportDeliveryWaiting_EmptyOrTooLongDetail_InvalidArgumentNamingDetail(int length)
    {
        var sent = await SendAsync();

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => ReportAsync(sent.Destination, sent.TransferId, new string('x', length)));

        Assert.Equal("detail", RpcAssert.ViolatedField(failure));
        await AssertNothingRecordedAsync(sent);
    }

    [Fact]
    public async Task ReportDeliveryWaiting_DetailOf500_Recorded()
    {
        var sent = await SendAsync();

        var transfer = await ReportAsync(sent.Destination, sent.TransferId, new string('x', 500));

        Assert.Equal(500, Assert.Single(Waiting(transfer)).Length);
    }

    [Theory]
    [InlineData("ae_title", "ORTHANC_B_17CHARS", false, "", 0)]
    [InlineData("ae_title", "ORTHANC\\B", false, "", 0)]
    [InlineData("ae_title", "", false, "", 0)]
    [InlineData("commitment_transaction_uid", "ORTHANC_B", true, "1.2.840.forged", 0)]
    [InlineData("commitment_transaction_uid", "ORTHANC_B", true, "", 0)]
    [InlineData("instances_stored", "ORTHANC_B", false, "", 1)]
    [InlineData("instances_stored", "ORTHANC_B", false, "", -1)]
    public async Task Acknowledge_ImpossibleDelivery_InvalidArgumentNamingField_NotAcknowledged(
        string field, string aeTitle, bool committed, string transactionUid, int storedBeyondReceipt)
    {
        var (sent, receiver) = await ReceivedAsync();
        var request = receiver.ToAcknowledgeRequest();
        request.Delivery = new PacsDelivery
        {
            AeTitle = aeTitle,
            InstancesStored = storedBeyondReceipt < 0 ? -1 : request.Instances.Count + storedBeyondReceipt,
            Committed = committed,
            CommitmentTransactionUid = transactionUid,
        };

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => sent.Destination.Downloads.AcknowledgeAsync(request));

        Assert.Equal("delivery." + field, RpcAssert.ViolatedField(failure));
        var transfer = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        Assert.NotEqual(TransferState.Acknowledged, transfer.State);
        Assert.Null(transfer.Acknowledgement);
        Assert.DoesNotContain(transfer.Timeline, e => e.Type is TransferEventType.Acknowledged or TransferEventType.AcknowledgementMismatch);
    }

    [Theory]
    [InlineData("stow_url", "", "ftp://pacs.example/dicom-web", false)]
    [InlineData("stow_url", "", "http://admin:secret@pacs.example/dicom-web", false)]
    [InlineData("stow_url", "", "not a url", false)]
    [InlineData("ae_title", "ORTHANC_B", "http://pacs.example/dicom-web", false)]
    [InlineData("committed", "", "http://pacs.example/dicom-web", true)]
    public async Task Acknowledge_ImpossibleStowDelivery_InvalidArgumentNamingField_NotAcknowledged(string field, string aeTitle, string stowUrl, bool committed)
    {
        var (sent, receiver) = await ReceivedAsync();
        var request = receiver.ToAcknowledgeRequest();
        request.Delivery = new PacsDelivery
        {
            AeTitle = aeTitle,
            StowUrl = stowUrl,
            InstancesStored = request.Instances.Count,
            Committed = committed,
            CommitmentTransactionUid = committed ? TransactionUid : "",
        };

        var failure = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => sent.Destination.Downloads.AcknowledgeAsync(request));

        Assert.Equal("delivery." + field, RpcAssert.ViolatedField(failure));
        Assert.DoesNotContain("secret", failure.Status.Detail, StringComparison.Ordinal);
        var transfer = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        Assert.NotEqual(TransferState.Acknowledged, transfer.State);
    }

    [Fact]
    public async Task Acknowledge_WithStowDelivery_SourceSeesThePacsUrl()
    {
        var (sent, receiver) = await ReceivedAsync();
        var request = receiver.ToAcknowledgeRequest();
        request.Delivery = new PacsDelivery { StowUrl = "https://pacs.riverside.example/dicom-web", InstancesStored = request.Instances.Count };

        Assert.True((await sent.Destination.Downloads.AcknowledgeAsync(request)).Accepted);

        var seen = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        Assert.Equal("https://pacs.riverside.example/dicom-web", seen.Acknowledgement.Delivery.StowUrl);
        Assert.Equal("", seen.Acknowledgement.Delivery.AeTitle);
        Assert.Contains("stored in PACS at https://pacs.riverside.example/dicom-web", Assert.Single(seen.Timeline, e => e.Type == TransferEventType.Acknowledged).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportDeliveryWaiting_AfterAcknowledge_NotRecorded()
    {
        var (sent, receiver) = await ReceivedAsync();
        var request = receiver.ToAcknowledgeRequest();
        request.Delivery = Delivery(sent, committed: false);
        await sent.Destination.Downloads.AcknowledgeAsync(request);

        var transfer = await ReportAsync(sent.Destination, sent.TransferId, "a late retry");

        Assert.Equal(TransferState.Acknowledged, transfer.State);
        Assert.Empty(Waiting(transfer));
        Assert.Contains("no storage commitment", Assert.Single(transfer.Timeline, e => e.Type == TransferEventType.Acknowledged).Detail, StringComparison.Ordinal);
    }

    private async Task<SentStudy> SendAsync()
    {
        var n = Interlocked.Increment(ref s_facilities);
        return await SentStudy.CreateAsync(_server, $"pacs-{n}", _files.Combine($"study-{n}"), seed: 700 + n);
    }

    private async Task<(SentStudy Sent, TransferReceiver Receiver)> ReceivedAsync()
    {
        var sent = await SendAsync();
        var receiver = new TransferReceiver(sent.Destination, sent.TransferId, _files.Combine($"received-{sent.TransferId}"));
        await receiver.ReceiveAllAsync(Deadline);
        return (sent, receiver);
    }

    private static PacsDelivery Delivery(SentStudy sent, bool committed) => new()
    {
        AeTitle = "ORTHANC_B",
        InstancesStored = sent.Study.Instances.Count,
        Committed = committed,
        CommitmentTransactionUid = committed ? TransactionUid : "",
    };

    private static Task<Transfer> ReportAsync(HandoffApi api, string transferId, string detail) =>
        api.Downloads.ReportDeliveryWaitingAsync(new ReportDeliveryWaitingRequest { TransferId = transferId, Detail = detail }).ResponseAsync;

    private static List<string> Waiting(Transfer transfer) =>
        transfer.Timeline.Where(e => e.Type == TransferEventType.DeliveryWaiting).Select(e => e.Detail).ToList();

    private static async Task AssertNothingRecordedAsync(SentStudy sent)
    {
        var transfer = await sent.Sender.Transfers.GetTransferAsync(new GetTransferRequest { TransferId = sent.TransferId });
        Assert.Empty(Waiting(transfer));
    }
}
