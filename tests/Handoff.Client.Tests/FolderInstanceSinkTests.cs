using Handoff.Testing;

namespace Handoff.Client.Tests;

/// <summary>
/// A received file exists under its final name only when every chunk verified; a bad chunk is refused before it
/// touches the disk; a rerun keeps what verifies and asks only for the rest.
/// </summary>
public sealed class FolderInstanceSinkTests
{
    private const int ChunkSize = 1024;
    private const string Study = "1.2.3";
    private const string Series = "1.2.3.4";
    private const string Sop = "1.2.3.4.5";

    [Fact]
    public void WriteChunk_HashMismatch_ThrowsNamingInstanceAndLeavesNoFile()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(3 * ChunkSize, seed: 5);
        using var assembly = NewAssembly(folder, bytes);
        var tampered = bytes.AsSpan(0, ChunkSize).ToArray();
        tampered[10] ^= 0xFF;

        var error = Assert.Throws<HandoffVerificationException>(() => assembly.WriteChunk(0, tampered));

        Assert.Contains(Sop, error.Message, StringComparison.Ordinal);
        Assert.Contains("chunk 0", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public async Task WriteChunk_EveryChunkOutOfOrder_PublishesIdenticalFileAndNoPart()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(3 * ChunkSize + 100, seed: 6);
        using var assembly = NewAssembly(folder, bytes);

        Assert.False(assembly.WriteChunk(3, bytes.AsSpan(3 * ChunkSize)));
        Assert.False(assembly.WriteChunk(1, bytes.AsSpan(ChunkSize, ChunkSize)));
        Assert.False(assembly.WriteChunk(0, bytes.AsSpan(0, ChunkSize)));
        Assert.True(assembly.WriteChunk(2, bytes.AsSpan(2 * ChunkSize, ChunkSize)));
        Assert.False(File.Exists(InstancePath(folder)));
        await assembly.CommitAsync(default);

        Assert.True(assembly.IsComplete);
        Assert.Equal(bytes, File.ReadAllBytes(InstancePath(folder)));
        Assert.Equal([InstancePath(folder)], folder.Files());
    }

    [Fact]
    public void WriteChunk_WrongLength_Rejected()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(2 * ChunkSize, seed: 8);
        using var assembly = NewAssembly(folder, bytes);

        Assert.Throws<HandoffVerificationException>(() => assembly.WriteChunk(0, bytes.AsSpan(0, ChunkSize - 1)));
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Resume_VerifiedFinalFile_NeedsNothingAndCountsAsPresent()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(2 * ChunkSize + 1, seed: 9);
        WriteFinal(folder, bytes);
        using var assembly = NewAssembly(folder, bytes);

        Assert.Empty(assembly.Resume());
        Assert.True(assembly.IsComplete);
        Assert.True(assembly.WasAlreadyPresent);
    }

    [Fact]
    public void Resume_CorruptFinalFile_NeedsEveryChunkAgain()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(2 * ChunkSize + 1, seed: 10);
        var corrupt = (byte[])bytes.Clone();
        corrupt[^1] ^= 1;
        WriteFinal(folder, corrupt);
        using var assembly = NewAssembly(folder, bytes);

        Assert.Equal([0, 1, 2], assembly.Resume());
        Assert.False(assembly.IsComplete);
    }

    [Fact]
    public async Task Resume_PartialFileFromInterruptedRun_KeepsVerifiedChunksAndFinishes()
    {
        using var folder = new TempFolder();
        var bytes = InstanceHasherTests.RandomBytes(4 * ChunkSize, seed: 11);
        using (var interrupted = NewAssembly(folder, bytes))
        {
            interrupted.WriteChunk(0, bytes.AsSpan(0, ChunkSize));
            interrupted.WriteChunk(2, bytes.AsSpan(2 * ChunkSize, ChunkSize));
        }
        using var assembly = NewAssembly(folder, bytes);

        var needed = assembly.Resume();

        Assert.Equal([1, 3], needed);
        Assert.False(assembly.WriteChunk(1, bytes.AsSpan(ChunkSize, ChunkSize)));
        Assert.True(assembly.WriteChunk(3, bytes.AsSpan(3 * ChunkSize, ChunkSize)));
        await assembly.CommitAsync(default);
        Assert.Equal(bytes, File.ReadAllBytes(InstancePath(folder)));
        Assert.False(File.Exists(ReceiveLayout.PartialPath(InstancePath(folder))));
    }

    [Fact]
    public void InstancePath_OrdinaryUids_StudySeriesInstanceFolders()
    {
        var path = ReceiveLayout.InstancePath("/out", "1.2.3", "1.2.3.4", "1.2.3.4.5");

        Assert.Equal(Path.Combine("/out", "1.2.3", "1.2.3.4", "1.2.3.4.5.dcm"), path);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc")]
    [InlineData("1.2/3")]
    [InlineData("")]
    public void InstancePath_UidThatIsNotASafeName_ReplacedAndStaysInside(string uid)
    {
        var path = ReceiveLayout.InstancePath("/out", uid, uid, uid);

        Assert.StartsWith("/out/", Path.GetFullPath(path), StringComparison.Ordinal);
        Assert.Equal(3, Path.GetRelativePath("/out", path).Split(Path.DirectorySeparatorChar).Length);
    }

    private static string InstancePath(TempFolder folder) => ReceiveLayout.InstancePath(folder.Path, Study, Series, Sop);

    private static void WriteFinal(TempFolder folder, byte[] bytes)
    {
        var path = InstancePath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static InstanceAssembly NewAssembly(TempFolder folder, byte[] bytes)
    {
        var hashes = InstanceHasher.Hash(bytes, ChunkSize);
        var writer = new FolderInstanceSink(folder.Path).Open(new ReceivedInstance(Study, Series, Sop, string.Empty, hashes));
        return new InstanceAssembly(writer, Sop, hashes);
    }
}
