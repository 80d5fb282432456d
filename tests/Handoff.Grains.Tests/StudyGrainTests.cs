using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;

namespace Handoff.Grains.Tests;

public sealed class StudyGrainTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public StudyGrainTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Declare_NewStudy_AllChunksOutstandingAndStudyExists()
    {
        var study = NewStudy();
        var instances = TestData.Instances(3, chunksEach: 2);

        var result = await study.Declare(TestData.Declare(instances));

        Assert.Equal(instances.SelectMany(i => i.ChunkHashes).ToHashSet(), result.OutstandingChunkHashes.ToHashSet());
        Assert.Equal(StudyState.Receiving, result.Status.State);
        Assert.Equal(3, result.Status.InstancesDeclared);
        Assert.Equal(0, result.Status.InstancesComplete);
        Assert.True(await study.Exists());
        Assert.False(await NewStudy().Exists());
    }

    [Fact]
    public async Task UploadLifecycle_DeclareStoreVerifyComplete_StudyCompleteWithContentHashes()
    {
        var study = NewStudy();
        var instances = TestData.Instances(2, chunksEach: 3);
        await study.Declare(TestData.Declare(instances));

        var partly = await study.RecordStoredChunks([instances[0].ChunkHashes[0], instances[0].ChunkHashes[1]]);
        var first = await study.RecordStoredChunks([instances[0].ChunkHashes[2]]);
        var again = await study.RecordStoredChunks([instances[0].ChunkHashes[2]]);
        var second = await study.RecordStoredChunks(instances[1].ChunkHashes);

        Assert.Empty(partly);
        Assert.Equal(instances[0].SopInstanceUid, Assert.Single(first).SopInstanceUid);
        Assert.Empty(again);
        Assert.Equal(instances[1].SopInstanceUid, Assert.Single(second).SopInstanceUid);
        Assert.Equal(2, (await study.GetPendingInstances()).Count);

        var status = await study.RecordVerifiedInstances(instances.Select((i, n) => TestData.Verified(i.SopInstanceUid, instanceNumber: n + 1)).ToList());
        Assert.Equal(2, status.InstancesComplete);
        Assert.Empty(await study.GetPendingInstances());

        var completed = await study.Complete();
        Assert.Equal(StudyState.Complete, completed.State);
        var manifest = await study.GetManifest();
        Assert.Equal(TestData.Metadata, manifest.Metadata);
        Assert.Equal("1.2.3.4.5", Assert.Single(manifest.Series).SeriesInstanceUid);
        Assert.Equal(TestData.ChunkSize, manifest.ChunkSize);
        foreach (var declared in instances)
        {
            var listed = Assert.Single(manifest.Instances, i => i.SopInstanceUid == declared.SopInstanceUid);
            Assert.True(listed.Available);
            Assert.Equal(TestData.ContentHash(declared), listed.ContentHash);
            Assert.Equal(declared.ChunkHashes, listed.ChunkHashes);
        }
    }

    [Fact]
    public async Task RecordStoredChunks_ChunkSharedByInstances_CompletesEveryInstanceUsingIt()
    {
        var study = NewStudy();
        var shared = TestData.Hash("blank frame");
        var a = new InstanceDeclaration(TestData.Uid(), 2 * TestData.ChunkSize, [shared, shared], "a.dcm");
        var b = new InstanceDeclaration(TestData.Uid(), TestData.ChunkSize, [shared], "b.dcm");
        var result = await study.Declare(TestData.Declare([a, b]));
        Assert.Equal([shared], result.OutstandingChunkHashes);

        var pending = await study.RecordStoredChunks([shared]);

        Assert.Equal(
            new[] { a.SopInstanceUid, b.SopInstanceUid }.Order(StringComparer.Ordinal),
            pending.Select(p => p.SopInstanceUid).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindUnavailableChunks_OnlyChunksOfVerifiedInstancesMayBeDownloaded()
    {
        var study = NewStudy();
        var instances = TestData.Instances(2, chunksEach: 2);
        await study.Declare(TestData.Declare(instances));
        await study.RecordStoredChunks([.. instances[0].ChunkHashes, .. instances[1].ChunkHashes]);
        await study.RecordVerifiedInstances([TestData.Verified(instances[0].SopInstanceUid)]);
        var stranger = TestData.Hash("never declared");

        var answer = await study.FindUnavailableChunks([instances[0].ChunkHashes[1], instances[1].ChunkHashes[0], stranger, instances[0].ChunkHashes[0]]);

        // Stored but not verified is not available either: a destination only ever gets chunks of checked instances.
        Assert.Equal([instances[1].ChunkHashes[0], stranger], answer.Unavailable);
        Assert.Equal(TestData.ChunkSize, answer.ChunkSize);
    }

    [Fact]
    public async Task Declare_EmptyInstance_PendingAtOnceWithNothingOutstanding()
    {
        var study = NewStudy();
        var empty = TestData.Instance(TestData.Uid(), 0);

        var result = await study.Declare(TestData.Declare([empty]));

        Assert.Empty(result.OutstandingChunkHashes);
        Assert.Equal(empty.SopInstanceUid, Assert.Single(await study.GetPendingInstances()).SopInstanceUid);
        await study.RecordVerifiedInstances([TestData.Verified(empty.SopInstanceUid)]);
        Assert.Equal(TestData.ContentHash(empty), Assert.Single((await study.GetManifest()).Instances).ContentHash);
    }

    [Fact]
    public async Task Complete_InstancesMissing_ThrowsWrongStateNamingThem()
    {
        var study = NewStudy();
        var instances = TestData.Instances(3);
        await study.Declare(TestData.Declare(instances));
        await TestData.UploadAsync(study, instances.Take(1));

        var error = await Assert.ThrowsAsync<DomainException>(() => study.Complete());

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("2 of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(instances[1].SopInstanceUid, error.Message, StringComparison.Ordinal);
        Assert.Contains(instances[2].SopInstanceUid, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(instances[0].SopInstanceUid, error.Message, StringComparison.Ordinal);
        Assert.Equal(StudyState.Receiving, (await study.GetStatus()).State);
    }

    [Fact]
    public async Task RecordRejectedInstances_RefusedInstance_RemovedAndProblemRecorded()
    {
        var study = NewStudy();
        var instances = TestData.Instances(2);
        await study.Declare(TestData.Declare(instances));
        await TestData.UploadAsync(study, instances.Take(1));

        var status = await study.RecordRejectedInstances([new InstanceProblem(instances[1].SopInstanceUid, "", "not a DICOM file")]);

        Assert.Equal(1, status.InstancesDeclared);
        var problem = Assert.Single(status.Problems);
        Assert.Equal(instances[1].SourceName, problem.SourceName);
        Assert.Equal(StudyState.Complete, (await study.Complete()).State);
    }

    [Fact]
    public async Task Declare_NewInstanceAfterComplete_StudyReceivingAgain()
    {
        var study = NewStudy();
        var instances = TestData.Instances(1);
        await study.Declare(TestData.Declare(instances));
        await TestData.UploadAsync(study, instances);
        await study.Complete();

        var result = await study.Declare(TestData.Declare(TestData.Instances(1)));

        Assert.Equal(StudyState.Receiving, result.Status.State);
        Assert.Equal(2, result.Status.InstancesDeclared);
    }

    private IStudyGrain NewStudy() => _grains.GetGrain<IStudyGrain>(StudyKey.Of(TestData.FacilityId("study"), TestData.Uid()));
}
