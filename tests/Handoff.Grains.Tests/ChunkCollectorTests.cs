using Handoff.Contracts.Errors;
using Handoff.Contracts.Retention;
using Handoff.Contracts.Studies;
using Handoff.Grains.Retention;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Grains.Tests;

/// <summary>
/// Mark and sweep over studies of several facilities. The situation that makes it delicate: A sends a study to B,
/// B forwards it to C, so B holds a study of its own with the same chunks; A's study going must not take them.
/// </summary>
public sealed class ChunkCollectorTests : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private readonly IGrainFactory _grains;
    private readonly FakeChunkStore _chunks;
    private readonly ChunkCollector _collector;

    public ChunkCollectorTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
        _chunks = cluster.Chunks;
        _collector = new ChunkCollector(_grains, _chunks, TimeProvider.System, NullLogger<ChunkCollector>.Instance);
    }

    private static DateTimeOffset LongAgo => DateTimeOffset.UtcNow.AddDays(-40);

    [Fact]
    public async Task MarkAsync_SenderStudyClearedAfterForward_SharedChunksLiveOwnChunksNot()
    {
        var forward = await ForwardedStudyAsync();

        var live = await _collector.MarkAsync(CancellationToken.None);

        Assert.All(forward.Shared, hash => Assert.True(live.Contains(hash), $"shared chunk {hash} is live"));
        Assert.All(forward.SenderOnly, hash => Assert.False(live.Contains(hash), $"chunk {hash} of the cleared study is not live"));
    }

    [Fact]
    public async Task SweepAsync_MixOfChunks_DeletesOnlyUnreferencedOlderThanGrace()
    {
        var forward = await ForwardedStudyAsync();
        var stray = TestData.Hash($"stray/{Guid.NewGuid()}");
        var fresh = TestData.Hash($"fresh/{Guid.NewGuid()}");
        _chunks.PutAll(forward.Shared, LongAgo);
        _chunks.PutAll(forward.SenderOnly, LongAgo);
        _chunks.Put(stray, LongAgo);
        _chunks.Put(fresh, DateTimeOffset.UtcNow.AddMinutes(-5));

        var result = await _collector.SweepAsync(Grace, CancellationToken.None);

        Assert.False(result.Skipped);
        Assert.All(forward.Shared, hash => Assert.True(_chunks.Contains(hash), "a chunk the forwarded study uses is kept"));
        Assert.All(forward.SenderOnly, hash => Assert.False(_chunks.Contains(hash), "a chunk only the cleared study used is deleted"));
        Assert.False(_chunks.Contains(stray), "an old chunk nobody declared is deleted");
        Assert.True(_chunks.Contains(fresh), "a chunk younger than the grace period is kept, used or not");
        Assert.True(result.Deleted >= forward.SenderOnly.Count + 1, $"deleted {result.Deleted}");
    }

    [Fact]
    public async Task Delete_ChunksDeclaredWhileSweeping_Kept()
    {
        var scenario = await TransferScenario.CreateAsync(_grains);
        var existingStudyAddition = TestData.Instances(1);
        var newStudy = _grains.GetGrain<IStudyGrain>(StudyKey.Of(scenario.Source, TestData.Uid()));
        var newStudyInstances = TestData.Instances(1);
        var unused = TestData.Hash($"unused/{Guid.NewGuid()}");
        var declaredMeanwhile = existingStudyAddition.Concat(newStudyInstances).SelectMany(i => i.ChunkHashes).ToList();
        _chunks.PutAll(declaredMeanwhile, LongAgo);
        _chunks.Put(unused, LongAgo);
        var sweep = _grains.GetGrain<IChunkSweepGrain>(0);

        // The collector has marked and is about to delete what it found unused, when two declarations arrive: new
        // instances in a study it marked, and a study it never saw. The store already holds their chunks.
        var sweepId = await sweep.BeginSweep(TimeSpan.FromMinutes(5));
        await scenario.Study.Declare(TestData.Declare(existingStudyAddition));
        await newStudy.Declare(TestData.Declare(newStudyInstances));
        var deleted = await sweep.Delete(sweepId, [.. declaredMeanwhile, unused]);
        await sweep.EndSweep(sweepId);

        Assert.Equal(1, deleted);
        Assert.False(_chunks.Contains(unused));
        Assert.All(declaredMeanwhile, hash => Assert.True(_chunks.Contains(hash), "a chunk declared during the sweep is kept"));
    }

    [Fact]
    public async Task BeginSweep_WhileAnotherRuns_RefusedAndStaleIdCannotDelete()
    {
        var sweep = _grains.GetGrain<IChunkSweepGrain>(0);
        var hash = TestData.Hash($"stale/{Guid.NewGuid()}");
        _chunks.Put(hash, LongAgo);

        var first = await sweep.BeginSweep(TimeSpan.FromMinutes(5));
        var second = await sweep.BeginSweep(TimeSpan.FromMinutes(5));
        await sweep.EndSweep(first);
        var error = await Assert.ThrowsAsync<DomainException>(() => sweep.Delete(first, [hash]));

        Assert.NotEqual(Guid.Empty, first);
        Assert.Equal(Guid.Empty, second);
        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.True(_chunks.Contains(hash));
    }

    /// <summary>
    /// A sends a study to B and cancels; B had already forwarded the same study to C (declared under B, same chunks),
    /// minus one instance that only A's study has.
    /// </summary>
    private async Task<(List<string> Shared, List<string> SenderOnly)> ForwardedStudyAsync()
    {
        var scenario = await TransferScenario.CreateAsync(_grains, instances: 3, complete: true);
        var forwarded = scenario.Instances.Take(2).ToList();
        var atDestination = _grains.GetGrain<IStudyGrain>(StudyKey.Of(scenario.Destination, scenario.StudyUid));
        await atDestination.Declare(TestData.Declare(forwarded));
        await TestData.UploadAsync(atDestination, forwarded);
        var transfer = await scenario.CreateTransferAsync();
        await transfer.Cancel(scenario.Source, "delivered by other means");
        Assert.False(await scenario.Study.Exists());

        return (forwarded.SelectMany(i => i.ChunkHashes).ToList(), scenario.Instances[2].ChunkHashes.ToList());
    }
}
