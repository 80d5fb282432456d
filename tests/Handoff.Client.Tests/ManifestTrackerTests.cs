using Google.Protobuf;
using Handoff.Client;
using Handoff.Protos.V1;
using Handoff.Testing;

namespace Handoff.Client.Tests;

/// <summary>
/// How a receive decides what to download from a manifest: instances already on disk and verified are skipped,
/// unavailable ones wait, and the transfer is finished only when the server says so and every instance is in the sink.
/// </summary>
public sealed class ManifestTrackerTests
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task Merge_VerifiedFileAlreadyPresent_SkippedAndOthersReady()
    {
        using var folder = new TempFolder();
        var present = InstanceBytes(1);
        var missing = InstanceBytes(2);
        var pending = InstanceBytes(3);
        var presentPath = ReceiveLayout.InstancePath(folder.Path, "1.2", "1.2.1", "1.2.1.1");
        Directory.CreateDirectory(Path.GetDirectoryName(presentPath)!);
        File.WriteAllBytes(presentPath, present);
        var counters = new TransferCounters();
        var tracker = new ManifestTracker(new FolderInstanceSink(folder.Path), counters);

        var ready = await tracker.MergeAsync(Manifest(TransferState.Receiving, complete: false, ("1.2.1.1", present, true), ("1.2.1.2", missing, true), ("1.2.1.3", pending, false)), default);

        Assert.Equal(["1.2.1.2"], ready.Select(t => t.SopInstanceUid).ToArray());
        // The pending instance is not tracked yet: its series (and so its path) is unknown until it is verified.
        Assert.Equal(1, tracker.Incomplete);
        Assert.Equal(1, counters.InstancesDone);
        Assert.Equal(missing.Length, counters.BytesToMove);
        Assert.Empty(await tracker.MergeAsync(Manifest(TransferState.Receiving, complete: false, ("1.2.1.1", present, true), ("1.2.1.2", missing, true), ("1.2.1.3", pending, false)), default));
    }

    [Fact]
    public async Task IsFinished_OnlyWhenAvailableAndEveryFileWritten()
    {
        using var folder = new TempFolder();
        var bytes = InstanceBytes(4);
        var tracker = new ManifestTracker(new FolderInstanceSink(folder.Path), new TransferCounters());
        var available = Manifest(TransferState.Available, complete: true, ("1.2.1.1", bytes, true));
        var target = Assert.Single(await tracker.MergeAsync(available, default));

        Assert.False(tracker.IsFinished(available));
        var expected = target.Assembly.Expected;
        var last = false;
        for (var index = 0; index < expected.Count; index++)
            last = target.Assembly.WriteChunk(index, bytes.AsSpan((int)expected.Offset(index), expected.LengthOf(index)));
        Assert.True(last);
        await target.Assembly.CommitAsync(default);
        Assert.True(tracker.MarkCompleted());

        Assert.True(tracker.IsFinished(available));
        Assert.False(tracker.IsFinished(Manifest(TransferState.Receiving, complete: false, ("1.2.1.1", bytes, true))));
    }

    private static byte[] InstanceBytes(int seed) => InstanceHasherTests.RandomBytes(2 * ChunkSize + seed, seed);

    private static TransferManifest Manifest(TransferState state, bool complete, params (string Sop, byte[] Bytes, bool Available)[] instances)
    {
        var series = new ManifestSeries { SeriesInstanceUid = "1.2.1" };
        foreach (var (sop, bytes, available) in instances)
        {
            var hashes = InstanceHasher.Hash(bytes, ChunkSize);
            var instance = new ManifestInstance { SopInstanceUid = sop, Size = bytes.Length, Available = available, ContentHash = ByteString.CopyFrom(hashes.ContentHash) };
            for (var index = 0; index < hashes.Count; index++)
                instance.ChunkHashes.Add(ByteString.CopyFrom(hashes.Span(index)));
            series.Instances.Add(instance);
        }
        var study = new ManifestStudy { StudyInstanceUid = "1.2", Complete = complete, InstancesDeclared = instances.Length };
        study.Series.Add(series);
        var manifest = new TransferManifest { TransferId = "t", State = state, ChunkSize = ChunkSize };
        manifest.Studies.Add(study);
        return manifest;
    }
}
