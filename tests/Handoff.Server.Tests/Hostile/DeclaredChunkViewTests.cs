using Handoff.Contracts.Studies;
using Handoff.Server.Sending;

namespace Handoff.Server.Tests.Hostile;

/// <summary>
/// The declared-chunk set of a study is read once per server and shared by its upload streams: a caller opening many
/// streams (or sending unknown hashes) does not make the server copy a large set again and again.
/// </summary>
public sealed class DeclaredChunkViewTests
{
    [Fact]
    public async Task RequiredLengthAsync_TwoHundredStreamsMissAtOnce_OneReadOfTheSet()
    {
        var study = new CountingStudy(hashes: 10_000);
        var view = new DeclaredChunkView(study);

        var lengths = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => view.RequiredLengthAsync(study.HashAt(i), CancellationToken.None).AsTask()));

        Assert.All(lengths, length => Assert.Equal(1024, length));
        Assert.Equal(1, study.FullReads);
    }

    [Fact]
    public async Task RequiredLengthAsync_UnknownHashesOfAnUnchangedStudy_NoFurtherCopies()
    {
        var study = new CountingStudy(hashes: 10_000);
        var view = new DeclaredChunkView(study);
        await view.RequiredLengthAsync(study.HashAt(0), CancellationToken.None);

        for (var i = 0; i < 100; i++)
            Assert.Null(await view.RequiredLengthAsync(new string('f', 63) + (i % 10), CancellationToken.None));

        Assert.Equal(1, study.FullReads);
    }

    /// <summary>A study grain that only answers for its declared chunks and counts full copies of them.</summary>
    private sealed class CountingStudy(int hashes) : IStudyGrain
    {
        private readonly Guid _epoch = Guid.NewGuid();
        private int _fullReads;

        public int FullReads => Volatile.Read(ref _fullReads);

        public string HashAt(int i) => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

        public async Task<DeclaredChunks> GetDeclaredChunks(Guid knownEpoch, long knownVersion)
        {
            await Task.Delay(10); // a grain call takes a moment: concurrent misses overlap
            if (knownEpoch == _epoch && knownVersion == 1)
                return new DeclaredChunks(_epoch, 1, [], [], Unchanged: true);
            Interlocked.Increment(ref _fullReads);
            var all = Enumerable.Range(0, hashes).Select(HashAt).ToArray();
            return new DeclaredChunks(_epoch, 1, all, Enumerable.Repeat(1024, hashes).ToArray());
        }

        public Task<DeclareStudyResult> Declare(DeclareStudyCommand command) => throw new NotSupportedException();
        public Task<bool> Exists() => Task.FromResult(true);
        public Task<DeclaredChunkPosition?> FindDeclaredChunk(string chunkHash) => throw new NotSupportedException();
        public Task<ChunkAvailability> FindUnavailableChunks(IReadOnlyList<string> chunkHashes) => throw new NotSupportedException();
        public Task<IReadOnlyList<PendingInstance>> RecordStoredChunks(IReadOnlyList<string> chunkHashes) => throw new NotSupportedException();
        public Task<IReadOnlyList<PendingInstance>> GetPendingInstances() => throw new NotSupportedException();
        public Task<StudyStatusRecord> RecordVerifiedInstances(IReadOnlyList<VerifiedInstance> instances) => throw new NotSupportedException();
        public Task<StudyStatusRecord> RecordRejectedInstances(IReadOnlyList<InstanceProblem> problems) => throw new NotSupportedException();
        public Task<StudyStatusRecord> Complete() => throw new NotSupportedException();
        public Task<StudyStatusRecord> GetStatus() => throw new NotSupportedException();
        public Task<StudyManifest> GetManifest() => throw new NotSupportedException();
        public Task<StudyManifest> GetManifestOf(IReadOnlyList<string> sopInstanceUids) => throw new NotSupportedException();
        public Task<StudyStatusRecord> AttachTransfer(Guid transferId) => throw new NotSupportedException();
        public Task DetachTransfer(Guid transferId) => throw new NotSupportedException();
        public Task ReleaseTransfer(Guid transferId) => throw new NotSupportedException();
        public Task<IReadOnlyList<string>> GetRetainedChunkHashes() => throw new NotSupportedException();

        public Task SetArrivalBoost(Guid transferId, bool behind) => throw new NotSupportedException();

        public Task<bool> IsArrivalBoosted() => throw new NotSupportedException();
    }
}
