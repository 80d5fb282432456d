using Handoff.Contracts.Errors;
using Handoff.Contracts.Studies;

namespace Handoff.Grains.Tests;

/// <summary>Declarations: what is refused, with messages naming the instance and field, and what is a harmless repeat.</summary>
public sealed class StudyDeclareTests : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains;

    public StudyDeclareTests(ClusterFixture cluster)
    {
        _grains = cluster.Grains;
    }

    [Fact]
    public async Task Declare_SameInstanceSameContent_ChangesNothing()
    {
        var study = NewStudy();
        var instances = TestData.Instances(2);
        await study.Declare(TestData.Declare(instances));
        await study.RecordStoredChunks(instances[0].ChunkHashes);

        var again = await study.Declare(TestData.Declare(instances));

        Assert.Equal(2, again.Status.InstancesDeclared);
        Assert.Equal(instances[1].ChunkHashes.ToHashSet(), again.OutstandingChunkHashes.ToHashSet());
    }

    [Fact]
    public async Task Declare_HashAsFullChunkThenAsShortLastChunk_InvalidNamingInstanceAndChunk_NothingAdded()
    {
        var study = NewStudy();
        var full = TestData.Instance(TestData.Uid(), 2);
        await study.Declare(TestData.Declare([full]));
        // Its last chunk is 100 bytes short of a full one; here the same hash is declared as a full first chunk.
        var other = TestData.Instance(TestData.Uid(), 2);
        var contradicting = other with { ChunkHashes = [full.ChunkHashes[1], other.ChunkHashes[1]] };

        var error = await Assert.ThrowsAsync<DomainException>(() => study.Declare(TestData.Declare([contradicting])));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"instance {contradicting.SopInstanceUid}", error.Message, StringComparison.Ordinal);
        Assert.Contains("chunk 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await study.GetStatus()).InstancesDeclared);
    }

    [Fact]
    public async Task RecordStoredChunks_DeclaredLengths_EveryDistinctHashWithTheLengthOfItsPosition()
    {
        var study = NewStudy();
        var instance = TestData.Instance(TestData.Uid(), 3);
        await study.Declare(TestData.Declare([instance]));

        var declared = await study.GetDeclaredChunks(Guid.Empty, 0);
        var lengths = declared.Hashes.Zip(declared.Lengths).ToDictionary(p => p.First, p => p.Second);

        Assert.Equal(TestData.ChunkSize, lengths[instance.ChunkHashes[0]]);
        Assert.Equal(TestData.ChunkSize - 100, lengths[instance.ChunkHashes[2]]);
        Assert.True((await study.GetDeclaredChunks(declared.Epoch, declared.Version)).Unchanged);
    }

    [Fact]
    public async Task Declare_SameInstanceOtherContent_ThrowsAlreadyExistsNamingInstanceAndSources()
    {
        var study = NewStudy();
        var original = TestData.Instance(TestData.Uid(), 2, "scan/first.dcm");
        await study.Declare(TestData.Declare([original]));
        var changed = original with { ChunkHashes = [original.ChunkHashes[0], TestData.Hash("other")], SourceName = "scan/second.dcm" };

        var error = await Assert.ThrowsAsync<DomainException>(() => study.Declare(TestData.Declare([changed])));

        Assert.Equal(DomainErrorKind.AlreadyExists, error.Kind);
        Assert.Contains(original.SopInstanceUid, error.Message, StringComparison.Ordinal);
        Assert.Contains("scan/first.dcm", error.Message, StringComparison.Ordinal);
        Assert.Contains("scan/second.dcm", error.Message, StringComparison.Ordinal);
        Assert.Equal(original.ChunkHashes, Assert.Single((await study.GetManifest()).Instances).ChunkHashes);
    }

    [Fact]
    public async Task Declare_DifferentChunkSize_ThrowsInvalidNamingChunkSize()
    {
        var study = NewStudy();
        await study.Declare(TestData.Declare(TestData.Instances(1)));
        var other = TestData.Instance(TestData.Uid(), 1);

        var error = await Assert.ThrowsAsync<DomainException>(() => study.Declare(TestData.Declare([other], chunkSize: 2048)));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("chunkSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await study.GetStatus()).InstancesDeclared);
    }

    [Theory]
    [InlineData(3000, 2)]
    [InlineData(0, 1)]
    [InlineData(1024, 2)]
    public async Task Declare_ChunkCountNotMatchingSize_ThrowsInvalidNamingInstance(long size, int chunks)
    {
        var study = NewStudy();
        var uid = TestData.Uid();
        var instance = new InstanceDeclaration(uid, size, Enumerable.Range(0, chunks).Select(i => TestData.Hash($"{i}")).ToList(), "odd.dcm");

        var error = await Assert.ThrowsAsync<DomainException>(() => study.Declare(TestData.Declare([instance])));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(uid, error.Message, StringComparison.Ordinal);
        Assert.False(await study.Exists());
    }

    [Fact]
    public async Task Declare_MalformedChunkHash_ThrowsInvalid()
    {
        var study = NewStudy();
        var instance = new InstanceDeclaration(TestData.Uid(), 10, ["not-a-hash"], "bad.dcm");

        var error = await Assert.ThrowsAsync<DomainException>(() => study.Declare(TestData.Declare([instance])));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("chunkHashes[0]", error.Message, StringComparison.Ordinal);
    }

    private IStudyGrain NewStudy() => _grains.GetGrain<IStudyGrain>(StudyKey.Of(TestData.FacilityId("study"), TestData.Uid()));
}
