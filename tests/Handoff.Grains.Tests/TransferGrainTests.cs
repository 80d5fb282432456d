using System.Diagnostics;
using Handoff.Contracts.Errors;
using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

public sealed class TransferGrainTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public TransferGrainTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Create_SameRequestTwice_ReturnsSameTransfer()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var transfer = scenario.Transfer();

        var first = await transfer.Create(scenario.Command());
        var second = await transfer.Create(scenario.Command());

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Single(second.Timeline, e => e.Kind == TransferEventKind.Created);
        Assert.Equal(TransferStatus.Receiving, second.State);
        Assert.Equal(first.CreatedAt + TimeSpan.FromDays(30), first.ExpiresAt);
        Assert.Equal([first.Id], await _grains.GetGrain<IFacilityGrain>(scenario.Destination).ListTransfers(Mailbox.Inbox));
        Assert.Equal([first.Id], await _grains.GetGrain<IFacilityGrain>(scenario.Source).ListTransfers(Mailbox.Outbox));
    }

    [Fact]
    public async Task Create_UnknownDestination_ThrowsNotFoundNamingIt()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var command = scenario.Command() with { DestinationFacilityId = "nowhere-general" };

        var error = await Assert.ThrowsAsync<DomainException>(() => scenario.Transfer().Create(command));

        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
        Assert.Contains("destination facility 'nowhere-general' not found", error.Message, StringComparison.Ordinal);
        Assert.Null(await scenario.Transfer().Get());
    }

    [Fact]
    public async Task Create_UnknownStudy_ThrowsNotFoundNamingUid()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var missing = TestData.Uid();

        var error = await Assert.ThrowsAsync<DomainException>(
            () => scenario.Transfer().Create(scenario.Command("request-1", scenario.StudyUid, missing)));

        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DestinationIsSource_ThrowsInvalid()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var command = scenario.Command() with { DestinationFacilityId = scenario.Source };

        var error = await Assert.ThrowsAsync<DomainException>(() => scenario.Transfer().Create(command));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("destinationFacilityId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_StudyStillUploading_InstancesAvailableBeforeStudyCompletes()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 3);
        var transfer = await scenario.CreateTransferAsync();

        await TestData.UploadAsync(scenario.Study, scenario.Instances.Take(1));
        var firstSeen = await Events.UntilAsync(transfer, TransferEventKind.InstanceAvailable);

        Assert.Equal(scenario.Instances[0].SopInstanceUid, firstSeen[^1].SopInstanceUid);
        Assert.Equal(scenario.StudyUid, firstSeen[^1].StudyInstanceUid);
        Assert.DoesNotContain(firstSeen, e => e.Kind == TransferEventKind.StudyComplete);
        var receiving = await transfer.Get();
        Assert.Equal(TransferStatus.Receiving, receiving?.State);
        Assert.Equal(1, Assert.Single(receiving!.Studies).InstancesAvailable);

        await TestData.UploadAsync(scenario.Study, scenario.Instances.Skip(1));
        await scenario.Study.Complete();
        var all = await Events.UntilAsync(transfer, TransferEventKind.Available);

        var kinds = all.Select(e => e.Kind).ToList();
        Assert.Equal(3, kinds.Count(k => k == TransferEventKind.InstanceAvailable));
        Assert.True(kinds.LastIndexOf(TransferEventKind.InstanceAvailable) < kinds.IndexOf(TransferEventKind.StudyComplete));
        Assert.Equal(TransferEventKind.Available, kinds[^1]);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(TransferStatus.Available, (await transfer.Get())?.State);
    }

    [Fact]
    public async Task Create_StudiesAlreadyComplete_AvailableAtOnce()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);

        var record = await scenario.Transfer().Create(scenario.Command());

        Assert.Equal(TransferStatus.Available, record.State);
        Assert.Equal(
            [TransferEventKind.Created, TransferEventKind.StudyComplete, TransferEventKind.Available],
            record.Timeline.Select(e => e.Kind));
        Assert.True(Assert.Single(record.Studies).Complete);
    }

    [Fact]
    public async Task AddStudies_IncompleteStudyToAvailableTransfer_BackToReceivingOnce()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        var priorUid = TestData.Uid();
        await scenario.StudyOf(priorUid).Declare(TestData.Declare(TestData.Instances(2)));

        var added = await transfer.AddStudies("add-priors", [priorUid], scenario.Source);
        var repeated = await transfer.AddStudies("add-priors", [priorUid], scenario.Source);

        Assert.Equal(TransferStatus.Receiving, added.State);
        Assert.Equal(2, added.Studies.Count);
        Assert.Equal(added.Timeline.Count, repeated.Timeline.Count);
        var studyAdded = Assert.Single(repeated.Timeline, e => e.Kind == TransferEventKind.StudyAdded);
        Assert.Equal(priorUid, studyAdded.StudyInstanceUid);
        Assert.Equal(TransferStatus.Receiving, studyAdded.State);
    }

    [Fact]
    public async Task WaitForInboxEvents_TransferCreatedWhileWaiting_DestinationSeesItPromptly()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var inbox = _grains.GetGrain<IFacilityGrain>(scenario.Destination);
        var clock = Stopwatch.StartNew();

        var waiting = inbox.WaitForInboxEvents(0, TimeSpan.FromSeconds(15));
        var record = await scenario.Transfer().Create(scenario.Command());
        var events = await waiting;

        var created = Assert.Single(events);
        Assert.Equal(TransferEventKind.Created, created.Kind);
        Assert.Equal(record.Id, created.TransferId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the watcher waited {clock.Elapsed}");
    }
}
