using Handoff.Contracts.Studies;

namespace Handoff.Grains.Tests;

/// <summary>
/// A declaration's request id is not a replay key: declaring is idempotent by content and the answer is the study as
/// it stands now. Clients derive the id from the study and its SOP Instance UIDs (the CLI) or from the instance count
/// (the relay), so the same id comes back on every resume; replaying the first answer would ask again for every chunk
/// that arrived since, and would not take back an instance that was refused in between.
/// </summary>
public sealed class StudyDeclareRetryTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public StudyDeclareRetryTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Declare_SameRequestIdAfterChunksArrived_AnswersWhatIsStillMissingNow()
    {
        var study = NewStudy();
        var instances = TestData.Instances(2);
        var command = TestData.Declare(instances);
        var first = await study.Declare(command);
        await study.RecordStoredChunks(instances[0].ChunkHashes);

        var retried = await study.Declare(command);

        Assert.Equal(4, first.OutstandingChunkHashes.Count);
        Assert.Equal(instances[1].ChunkHashes.ToHashSet(), retried.OutstandingChunkHashes.ToHashSet());
    }

    [Fact]
    public async Task Declare_SameRequestIdAfterTheInstanceWasRefused_DeclaresItAgain()
    {
        var study = NewStudy();
        var instance = TestData.Instance(TestData.Uid(), 2, "scans/fixed-later.dcm");
        var command = TestData.Declare([instance]);
        await study.Declare(command);
        await study.RecordRejectedInstances([new InstanceProblem(instance.SopInstanceUid, "", "not a DICOM file")]);

        var retried = await study.Declare(command);

        Assert.Equal(1, retried.Status.InstancesDeclared);
        Assert.Equal(instance.ChunkHashes.ToHashSet(), retried.OutstandingChunkHashes.ToHashSet());
    }

    [Fact]
    public async Task Declare_SameRequestIdOtherContent_RefusedLikeAnyConflict()
    {
        var study = NewStudy();
        var instance = TestData.Instance(TestData.Uid(), 2);
        var command = TestData.Declare([instance]);
        await study.Declare(command);
        var changed = instance with { ChunkHashes = [instance.ChunkHashes[0], TestData.Hash("changed")] };

        await Assert.ThrowsAsync<Contracts.Errors.DomainException>(() => study.Declare(command with { Instances = [changed] }));
    }

    private IStudyGrain NewStudy() => _grains.GetGrain<IStudyGrain>(StudyKey.Of(TestData.FacilityId("retry"), TestData.Uid()));
}
