using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

public sealed class TransferLifecycleTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public TransferLifecycleTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Acknowledge_MatchingHashes_AcknowledgedWithReceiptBothEndsSee()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 3, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        var delivered = await transfer.MarkDownloaded(scenario.Destination);

        var result = await transfer.Acknowledge(scenario.Destination, scenario.Receipts());
        var again = await transfer.Acknowledge(scenario.Destination, scenario.Receipts());

        Assert.Equal(TransferStatus.Delivered, delivered.State);
        Assert.True(result.Accepted);
        Assert.Equal(TransferStatus.Acknowledged, result.Transfer.State);
        var acknowledgement = result.Transfer.Acknowledgement;
        Assert.NotNull(acknowledgement);
        Assert.Equal(scenario.Destination, acknowledgement.FacilityId);
        Assert.Equal(3, acknowledgement.InstancesConfirmed);
        Assert.Equal(ExpectedReceiptHash(scenario), acknowledgement.ReceiptHash);
        var acknowledged = Assert.Single(result.Transfer.Timeline, e => e.Kind == TransferEventKind.Acknowledged);
        Assert.Equal(scenario.Destination, acknowledged.Actor);
        Assert.True(again.Accepted);
        Assert.Equal(acknowledgement, again.Transfer.Acknowledgement);
        Assert.Single(again.Transfer.Timeline, e => e.Kind == TransferEventKind.Acknowledged);
    }

    [Fact]
    public async Task Acknowledge_WrongAndMissingHashes_ReportsMismatchNamingInstances()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 3, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        var receipts = scenario.Receipts();
        var wrong = receipts[0] with { ContentHash = TestData.Hash("corrupted") };
        var missing = receipts[1].SopInstanceUid;
        var stranger = new InstanceReceipt(TestData.Uid(), TestData.Hash("stranger"));

        var result = await transfer.Acknowledge(scenario.Destination, [wrong, receipts[2], stranger]);

        Assert.False(result.Accepted);
        Assert.Equal([wrong.SopInstanceUid], result.Mismatched.Select(key => key.SopInstanceUid));
        Assert.Equal([missing], result.Missing.Select(key => key.SopInstanceUid));
        Assert.Equal([stranger.SopInstanceUid], result.Unexpected.Select(key => key.SopInstanceUid));
        Assert.Equal(TransferStatus.Available, result.Transfer.State);
        Assert.Null(result.Transfer.Acknowledgement);
        var mismatch = Assert.Single(result.Transfer.Timeline, e => e.Kind == TransferEventKind.AcknowledgementMismatch);
        Assert.Contains(wrong.SopInstanceUid, mismatch.Detail, StringComparison.Ordinal);
        Assert.Contains(missing, mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_BeforeAvailable_ThrowsWrongState()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => transfer.Acknowledge(scenario.Destination, scenario.Receipts()));

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public async Task Cancel_BySource_CancelledAndDestinationSeesIt()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();

        var cancelled = await transfer.Cancel(scenario.Source, "wrong patient");
        var again = await transfer.Cancel(scenario.Source, "wrong patient");

        Assert.Equal(TransferStatus.Cancelled, cancelled.State);
        Assert.Equal(cancelled.Timeline.Count, again.Timeline.Count);
        var inbox = await _grains.GetGrain<Contracts.Facilities.IFacilityGrain>(scenario.Destination).WaitForInboxEvents(0, TimeSpan.Zero);
        Assert.Contains(inbox, e => e.Kind == TransferEventKind.Cancelled && e.TransferId == cancelled.Id);
    }

    [Fact]
    public async Task Cancel_ByDestination_ThrowsPermissionDenied()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => transfer.Cancel(scenario.Destination, "not mine"));

        Assert.Equal(DomainErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(TransferStatus.Receiving, (await transfer.Get())?.State);
    }

    [Fact]
    public async Task Cancel_AfterAcknowledged_ThrowsWrongState()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        await transfer.Acknowledge(scenario.Destination, scenario.Receipts());

        var error = await Assert.ThrowsAsync<DomainException>(() => transfer.Cancel(scenario.Source, "too late"));

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal(TransferStatus.Acknowledged, (await transfer.Get())?.State);
    }

    [Fact]
    public async Task MarkDownloaded_BeforeAvailable_ThrowsWrongState()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = await scenario.CreateTransferAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => transfer.MarkDownloaded(scenario.Destination));

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
    }

    private static string ExpectedReceiptHash(TransferScenario scenario)
    {
        var raw = scenario.Instances
            .OrderBy(i => i.SopInstanceUid, StringComparer.Ordinal)
            .SelectMany(i => Convert.FromHexString(TestData.ContentHash(i)))
            .ToArray();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw));
    }
}
