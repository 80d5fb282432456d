using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>
/// The destination's gateway and its PACS: the delivery is kept with the acknowledgement and named on the timeline;
/// waiting reasons are the destination's to report, recorded once per change, and not after the transfer is final.
/// </summary>
public sealed class PacsDeliveryTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public PacsDeliveryTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Acknowledge_WithDelivery_KeptWithReceiptAndNamedInEvent()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 2, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        var delivery = new PacsDeliveryRecord("ORTHANC_B", 2, true, "1.2.826.0.1.3680043.10.9", DateTimeOffset.UtcNow);

        var result = await transfer.Acknowledge(scenario.Destination, scenario.Receipts(), delivery);

        Assert.True(result.Accepted);
        Assert.Equal(delivery, result.Transfer.Acknowledgement?.Delivery);
        var acknowledged = Assert.Single(result.Transfer.Timeline, e => e.Kind == TransferEventKind.Acknowledged);
        Assert.Contains("stored in PACS ORTHANC_B", acknowledged.Detail, StringComparison.Ordinal);
        Assert.Contains("storage commitment confirmed", acknowledged.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_DeliveryStoringMoreThanTheTransfer_InvalidAndNotAcknowledged()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 2, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        var delivery = new PacsDeliveryRecord("ORTHANC_B", 3, false, "", DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<DomainException>(() => transfer.Acknowledge(scenario.Destination, scenario.Receipts(), delivery));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Null((await transfer.Get())?.Acknowledgement);
    }

    [Fact]
    public async Task RecordDeliveryWaiting_RepeatedChangedByOthersAndAfterAcknowledge()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 2, complete: true);
        var transfer = await scenario.CreateTransferAsync();

        await transfer.RecordDeliveryWaiting(scenario.Destination, "PACS ORTHANC_B refused the association");
        await transfer.RecordDeliveryWaiting(scenario.Destination, "  PACS ORTHANC_B refused the association ");
        await transfer.RecordDeliveryWaiting(scenario.Destination, "PACS ORTHANC_B did not confirm storage commitment");
        var denied = await Assert.ThrowsAsync<DomainException>(() => transfer.RecordDeliveryWaiting(scenario.Source, "not mine to say"));
        await transfer.Acknowledge(scenario.Destination, scenario.Receipts());
        var after = await transfer.RecordDeliveryWaiting(scenario.Destination, "late retry");

        Assert.Equal(DomainErrorKind.PermissionDenied, denied.Kind);
        var waiting = after.Timeline.Where(e => e.Kind == TransferEventKind.DeliveryWaiting).Select(e => e.Detail).ToList();
        Assert.Equal(["PACS ORTHANC_B refused the association", "PACS ORTHANC_B did not confirm storage commitment"], waiting);
        Assert.All(after.Timeline.Where(e => e.Kind == TransferEventKind.DeliveryWaiting), e => Assert.Equal(scenario.Destination, e.Actor));
    }
}
