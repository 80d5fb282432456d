using Handoff.Contracts.Retention;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>Which transfers keep a study, and what is left of it once the last one lets go.</summary>
public sealed class StudyRetentionTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public StudyRetentionTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Declare_NewStudy_ListedInItsFacilityRegistry()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);

        Assert.Contains(scenario.StudyUid, await Registry(scenario.Source).List());
        Assert.DoesNotContain(scenario.StudyUid, await Registry(scenario.Destination).List());
    }

    [Fact]
    public async Task Cancel_OnlyTransferOfStudy_StudyClearedAndUnregistered()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var transfer = await scenario.CreateTransferAsync();

        await transfer.Cancel(scenario.Source, "wrong patient");

        Assert.False(await scenario.Study.Exists());
        Assert.Empty(await scenario.Study.GetRetainedChunkHashes());
        Assert.DoesNotContain(scenario.StudyUid, await Registry(scenario.Source).List());
        var record = await transfer.Get();
        Assert.Equal(TransferStatus.Cancelled, record?.State);
        Assert.Equal(scenario.Instances.Count, Assert.Single(record!.Studies).InstancesDeclared);
    }

    [Fact]
    public async Task Cancel_AnotherTransferStillCarriesStudy_StudyKeptUntilItLetsGoToo()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var first = await scenario.CreateTransferAsync("request-1");
        var second = await scenario.CreateTransferAsync("request-2");

        await first.Cancel(scenario.Source, "sent twice");

        Assert.True(await scenario.Study.Exists());
        Assert.Contains(scenario.StudyUid, await Registry(scenario.Source).List());
        Assert.Equal(AllHashes(scenario), (await scenario.Study.GetRetainedChunkHashes()).Order(StringComparer.Ordinal));

        await second.Cancel(scenario.Source, "patient stays");

        Assert.False(await scenario.Study.Exists());
        Assert.DoesNotContain(scenario.StudyUid, await Registry(scenario.Source).List());
    }

    [Fact]
    public async Task Acknowledge_TransferStillHoldsStudy_DestinationCanDownloadUntilExpiry()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var transfer = await scenario.CreateTransferAsync();

        var result = await transfer.Acknowledge(scenario.Destination, scenario.Receipts());

        Assert.True(result.Accepted);
        Assert.True(await scenario.Study.Exists());
        Assert.Equal(scenario.Instances.Count, (await scenario.Study.GetManifest()).Instances.Count);
        Assert.Contains(scenario.StudyUid, await Registry(scenario.Source).List());
    }

    [Fact]
    public async Task Declare_AfterStudyWasCleared_NewStudyRegisteredAgain()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, complete: true);
        var transfer = await scenario.CreateTransferAsync();
        await transfer.Cancel(scenario.Source, "wrong patient");
        var again = TestData.Instances(1);

        var declared = await scenario.Study.Declare(TestData.Declare(again));

        Assert.Equal(1, declared.Status.InstancesDeclared);
        Assert.Contains(scenario.StudyUid, await Registry(scenario.Source).List());
        Assert.Equal(again[0].ChunkHashes.Order(StringComparer.Ordinal), (await scenario.Study.GetRetainedChunkHashes()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordStoredChunks_ChunkNeverDeclaredHere_NotTakenAsStoredNorRetained()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var later = TestData.Instance(TestData.Uid(), 1);

        // Only what this study's own upload streams stored against a declared position counts: a chunk the shared store
        // may hold for another facility is never taken as this study's.
        await scenario.Study.RecordStoredChunks(later.ChunkHashes);
        Assert.DoesNotContain(later.ChunkHashes[0], await scenario.Study.GetRetainedChunkHashes());

        var declared = await scenario.Study.Declare(TestData.Declare([later]));
        Assert.Contains(later.ChunkHashes[0], declared.OutstandingChunkHashes);
    }

    private IStudyRegistryGrain Registry(string facilityId) => _grains.GetGrain<IStudyRegistryGrain>(facilityId);

    private static IEnumerable<string> AllHashes(TransferScenario scenario) =>
        scenario.Instances.SelectMany(i => i.ChunkHashes).Order(StringComparer.Ordinal);
}
