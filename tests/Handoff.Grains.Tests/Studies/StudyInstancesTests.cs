using Handoff.Contracts.Studies;
using Handoff.Grains.Studies;

namespace Handoff.Grains.Tests.Studies;

/// <summary>A study's instance table: what is outstanding, stored, pending, verified and refused.</summary>
public sealed class StudyInstancesTests
{
    private readonly StudyGrainState _state = new() { ChunkSize = TestData.ChunkSize };

    private StudyInstances With(params InstanceDeclaration[] declared)
    {
        var instances = new StudyInstances(_state);
        instances.Add(TestData.ChunkSize, declared);
        return instances;
    }

    [Fact]
    public void Add_TwoInstances_InDeclarationOrderAndFindable()
    {
        var (a, b) = (TestData.Instance(TestData.Uid(), 2), TestData.Instance(TestData.Uid(), 3));

        var instances = With(a, b);

        Assert.Equal([a.SopInstanceUid, b.SopInstanceUid], instances.All.Select(i => i.SopInstanceUid));
        Assert.Equal(b.ChunkHashes, instances.Find(b.SopInstanceUid)!.ChunkHashes);
        Assert.Null(instances.Find("1.2.3"));
    }

    [Fact]
    public void Outstanding_SharedChunkPartlyStored_EachMissingHashOnceInOrder()
    {
        var a = TestData.Instance(TestData.Uid(), 2);
        var b = new InstanceDeclaration(TestData.Uid(), a.Size, [a.ChunkHashes[0], TestData.Hash("b1")], "b.dcm");
        var instances = With(a, b);

        instances.MarkStored([a.ChunkHashes[1]], out _);

        Assert.Equal([a.ChunkHashes[0], TestData.Hash("b1")], instances.Outstanding());
    }

    [Fact]
    public void MarkStored_LastChunkInUpperCase_InstancePendingOnce_UndeclaredIgnored()
    {
        var a = TestData.Instance(TestData.Uid(), 2);
        var instances = With(a);

        var first = instances.MarkStored([a.ChunkHashes[0], TestData.Hash("undeclared"), "not a hash"], out var changed);
        Assert.True(changed);
        Assert.Empty(first);

        var second = instances.MarkStored([a.ChunkHashes[1].ToUpperInvariant()], out _);
        Assert.Equal(a.SopInstanceUid, Assert.Single(second).SopInstanceUid);

        Assert.Empty(instances.MarkStored([a.ChunkHashes[1]], out var again));
        Assert.False(again);
        Assert.Single(instances.Pending());
    }

    [Fact]
    public void Verify_StoredInstance_ContentHashSeriesAndMetadata_NotPendingAnyMore()
    {
        var a = TestData.Instance(TestData.Uid(), 2);
        var instances = With(a);
        instances.MarkStored(a.ChunkHashes, out _);

        Assert.True(instances.Verify(TestData.Verified(a.SopInstanceUid, "1.2.3.4.5", 7)));
        Assert.False(instances.Verify(TestData.Verified(a.SopInstanceUid)));

        var stored = instances.Find(a.SopInstanceUid)!;
        Assert.Equal(TestData.ContentHash(a), stored.ContentHash);
        Assert.Equal(7, stored.InstanceNumber);
        Assert.Equal("1.2.3.4.5", Assert.Single(_state.Series).SeriesInstanceUid);
        Assert.Equal(TestData.Metadata, _state.Metadata);
        Assert.Empty(instances.Pending());
        Assert.Empty(instances.Unverified());
        Assert.Empty(instances.Outstanding());
    }

    [Fact]
    public void Verify_ChunksNeverReportedStored_MarksThemStored()
    {
        var a = TestData.Instance(TestData.Uid(), 2);
        var instances = With(a);

        instances.Verify(TestData.Verified(a.SopInstanceUid));

        Assert.All(instances.Find(a.SopInstanceUid)!.StoredChunks, Assert.True);
    }

    [Fact]
    public void Reject_DeclaredInstance_RemovedAndProblemRecordedWithItsSource()
    {
        var a = TestData.Instance(TestData.Uid(), 2, "scans/a.dcm");
        var instances = With(a);

        Assert.True(instances.Reject(new InstanceProblem(a.SopInstanceUid, "", "not DICOM")));

        Assert.Equal(0, instances.Count);
        Assert.Equal(new InstanceProblem(a.SopInstanceUid, "scans/a.dcm", "not DICOM"), Assert.Single(_state.Problems));
        Assert.Empty(instances.Chunks.Declared().Hashes);
    }

    [Fact]
    public void Reject_VerifiedInstance_IgnoredAndKept()
    {
        var a = TestData.Instance(TestData.Uid(), 1);
        var instances = With(a);
        instances.Verify(TestData.Verified(a.SopInstanceUid));

        Assert.False(instances.Reject(new InstanceProblem(a.SopInstanceUid, "late refusal", "")));

        Assert.Equal(1, instances.Count);
        Assert.Empty(_state.Problems);
    }

    [Fact]
    public void Reject_MoreThanTheLimit_OldestProblemsGo()
    {
        var instances = new StudyInstances(_state);

        for (var i = 0; i <= StudyInstances.MaxProblems; i++)
            instances.Reject(new InstanceProblem($"1.2.{i}", "bad", "f"));

        Assert.Equal(StudyInstances.MaxProblems, _state.Problems.Count);
        Assert.Equal("1.2.1", _state.Problems[0].SopInstanceUid);
    }

    [Fact]
    public void Verify_AfterARefusal_ProblemCleared()
    {
        var a = TestData.Instance(TestData.Uid(), 1);
        var instances = With(a);
        _state.Problems.Add(new InstanceProblem(a.SopInstanceUid, "earlier try", "f"));

        instances.Verify(TestData.Verified(a.SopInstanceUid));

        Assert.Empty(_state.Problems);
    }

    [Fact]
    public void Totals_OneOfTwoVerified_CountsAndBytes()
    {
        var (a, b) = (TestData.Instance(TestData.Uid(), 1), TestData.Instance(TestData.Uid(), 2));
        var instances = With(a, b);
        instances.Verify(TestData.Verified(b.SopInstanceUid));

        Assert.Equal((1, a.Size + b.Size, b.Size), instances.Totals());
        Assert.Equal([a.SopInstanceUid], instances.Unverified());
    }

    [Fact]
    public void Constructor_StoredState_RebuildsTheTable()
    {
        var a = TestData.Instance(TestData.Uid(), 2);
        var first = With(a);
        first.MarkStored([a.ChunkHashes[0]], out _);

        var reloaded = new StudyInstances(_state);

        Assert.NotNull(reloaded.Find(a.SopInstanceUid));
        Assert.Equal([a.ChunkHashes[1]], reloaded.Outstanding());
    }
}
