using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>What survives an activation ending (idle collection, a silo restart): only what was written to storage.</summary>
public sealed class ReactivationTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public ReactivationTests(ClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task Reactivate_StudyMidUpload_VerifiedKeptAndRecordedChunkProgressKept()
    {
        var scenario = await TransferScenario.CreateAsync(_cluster.Grains, instances: 2);
        var (done, halfway) = (scenario.Instances[0], scenario.Instances[1]);
        await TestData.UploadAsync(scenario.Study, [done]);
        await scenario.Study.RecordStoredChunks([halfway.ChunkHashes[0]]);

        await _cluster.DeactivateAsync(scenario.Study);
        var redeclared = await scenario.Study.Declare(TestData.Declare(scenario.Instances));

        // Stored-chunk reports are not written one by one, but a quiet deactivation writes what it holds.
        Assert.Equal(halfway.ChunkHashes.Skip(1).ToHashSet(), redeclared.OutstandingChunkHashes.ToHashSet());
        Assert.Equal(1, redeclared.Status.InstancesComplete);
        var manifest = await scenario.Study.GetManifest();
        var verified = Assert.Single(manifest.Instances, i => i.Available);
        Assert.Equal(TestData.ContentHash(done), verified.ContentHash);
        Assert.Equal(TestData.Metadata, manifest.Metadata);

        var pending = await scenario.Study.RecordStoredChunks(halfway.ChunkHashes);
        Assert.Equal(halfway.SopInstanceUid, Assert.Single(pending).SopInstanceUid);
    }

    [Fact]
    public async Task Reactivate_Transfer_RecordAndTimelineUnchangedAndProgressStillArrives()
    {
        var scenario = await TransferScenario.CreateAsync(_cluster.Grains, instances: 2);
        var transfer = await scenario.CreateTransferAsync();
        await TestData.UploadAsync(scenario.Study, scenario.Instances.Take(1));
        await Events.UntilAsync(transfer, TransferEventKind.InstanceAvailable);
        var before = await transfer.Get();

        await _cluster.DeactivateAsync(transfer);
        await _cluster.DeactivateAsync(scenario.Study);
        var after = await transfer.Get();

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(before.Timeline, after.Timeline);
        Assert.Equal(before.Studies, after.Studies);
        Assert.Equal(before.ExpiresAt, after.ExpiresAt);

        await TestData.UploadAsync(scenario.Study, scenario.Instances.Skip(1));
        await scenario.Study.Complete();
        await Events.UntilAsync(transfer, TransferEventKind.Available);
        Assert.Equal(StudyState.Complete, (await scenario.Study.GetStatus()).State);
    }
}
