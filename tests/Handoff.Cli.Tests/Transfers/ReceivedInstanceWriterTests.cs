using Handoff.Cli.Tests.Infrastructure;
using Handoff.Cli.Transfers;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Transfers;

/// <summary>
/// A received file exists under its final name only when every chunk verified; a bad chunk is refused before it
/// touches the disk; a rerun keeps what verifies and asks only for the rest.
/// </summary>
public sealed class ReceivedInstanceWriterTests
{
    private const int ChunkSize = 1024;

    [Fact]
    public void WriteChunk_HashMismatch_ThrowsNamingInstanceAndLeavesNoFile()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(3 * ChunkSize, seed: 5);
        using var writer = NewWriter(folder, bytes);
        var tampered = bytes.AsSpan(0, ChunkSize).ToArray();
        tampered[10] ^= 0xFF;

        var error = Assert.Throws<ChunkVerificationException>(() => writer.WriteChunk(0, tampered));

        Assert.Contains("1.2.3.4.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("chunk 0", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void WriteChunk_EveryChunkOutOfOrder_PublishesIdenticalFileAndNoPart()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(3 * ChunkSize + 100, seed: 6);
        using var writer = NewWriter(folder, bytes);

        Assert.False(writer.WriteChunk(3, bytes.AsSpan(3 * ChunkSize)));
        Assert.False(writer.WriteChunk(1, bytes.AsSpan(ChunkSize, ChunkSize)));
        Assert.False(File.Exists(writer.InstancePath));
        Assert.False(writer.WriteChunk(0, bytes.AsSpan(0, ChunkSize)));
        Assert.True(writer.WriteChunk(2, bytes.AsSpan(2 * ChunkSize, ChunkSize)));

        Assert.Equal(bytes, File.ReadAllBytes(writer.InstancePath));
        Assert.Equal([writer.InstancePath], folder.Files());
    }

    [Fact]
    public void WriteChunk_WrongLength_Rejected()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(2 * ChunkSize, seed: 8);
        using var writer = NewWriter(folder, bytes);

        Assert.Throws<ChunkVerificationException>(() => writer.WriteChunk(0, bytes.AsSpan(0, ChunkSize - 1)));
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Resume_VerifiedFinalFile_NeedsNothingAndCountsAsPresent()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(2 * ChunkSize + 1, seed: 9);
        var path = InstancePath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        using var writer = NewWriter(folder, bytes);

        Assert.Empty(writer.Resume());
        Assert.True(writer.IsComplete);
        Assert.True(writer.WasAlreadyPresent);
    }

    [Fact]
    public void Resume_CorruptFinalFile_NeedsEveryChunkAgain()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(2 * ChunkSize + 1, seed: 10);
        var path = InstancePath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var corrupt = (byte[])bytes.Clone();
        corrupt[^1] ^= 1;
        File.WriteAllBytes(path, corrupt);
        using var writer = NewWriter(folder, bytes);

        Assert.Equal([0, 1, 2], writer.Resume());
        Assert.False(writer.IsComplete);
    }

    [Fact]
    public void Resume_PartialFileFromInterruptedRun_KeepsVerifiedChunksAndFinishes()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(4 * ChunkSize, seed: 11);
        using (var interrupted = NewWriter(folder, bytes))
        {
            interrupted.WriteChunk(0, bytes.AsSpan(0, ChunkSize));
            interrupted.WriteChunk(2, bytes.AsSpan(2 * ChunkSize, ChunkSize));
        }
        using var writer = NewWriter(folder, bytes);

        var needed = writer.Resume();

        Assert.Equal([1, 3], needed);
        Assert.False(writer.WriteChunk(1, bytes.AsSpan(ChunkSize, ChunkSize)));
        Assert.True(writer.WriteChunk(3, bytes.AsSpan(3 * ChunkSize, ChunkSize)));
        Assert.Equal(bytes, File.ReadAllBytes(writer.InstancePath));
        Assert.False(File.Exists(writer.PartialPath));
    }

    private static string InstancePath(TempFolder folder) => ReceiveLayout.InstancePath(folder.Path, "1.2.3", "1.2.3.4", "1.2.3.4.5");

    private static ReceivedInstanceWriter NewWriter(TempFolder folder, byte[] bytes) =>
        new(InstancePath(folder), "1.2.3.4.5", InstanceHasher.Hash(bytes, ChunkSize));
}
