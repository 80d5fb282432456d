using Handoff.Storage.Chunks;
using Handoff.Storage.Reminders;
using Handoff.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Handoff.Storage.Tests.Files;

/// <summary>
/// Chunks and reminders are patient data or point at it: the stores create their folders 0700 and their files 0600,
/// and narrow folders an older version left wider.
/// </summary>
public sealed class OwnerOnlyModeTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Wide = Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task PutAsync_NewChunk_FileIs0600AndEveryChunkFolder0700()
    {
        if (OperatingSystem.IsWindows())
            return;
        var store = new LocalChunkStore(_root.Path);
        var (hash, data) = Support.Chunks.Random(4096);

        await store.PutAsync(hash, data, CancellationToken.None);

        Assert.Equal(File600, File.GetUnixFileMode(Support.Chunks.PathIn(_root, hash)));
        var chunks = Path.Combine(_root.Path, "chunks");
        Assert.Equal(Folder, File.GetUnixFileMode(chunks));
        Assert.All(Directory.GetDirectories(chunks), folder => Assert.Equal(Folder, ModeOf(folder)));
    }

    [Fact]
    public void Constructor_ChunkFoldersLeftWideByAnOlderVersion_NarrowsThemTo0700()
    {
        if (OperatingSystem.IsWindows())
            return;
        var fanOut = Path.Combine(_root.Path, "chunks", "ab");
        Directory.CreateDirectory(fanOut);
        File.SetUnixFileMode(Path.Combine(_root.Path, "chunks"), Wide);
        File.SetUnixFileMode(fanOut, Wide);

        _ = new LocalChunkStore(_root.Path);

        Assert.Equal(Folder, File.GetUnixFileMode(Path.Combine(_root.Path, "chunks")));
        Assert.Equal(Folder, File.GetUnixFileMode(fanOut));
    }

    [Fact]
    public async Task UpsertRow_FirstReminder_TableFileIs0600InA0700Folder()
    {
        if (OperatingSystem.IsWindows())
            return;
        var folder = Path.Combine(_root.Path, "data");
        var table = new FileReminderTable(Options.Create(new FileReminderTableOptions { RootDirectory = folder }), NullLogger<FileReminderTable>.Instance);
        await table.StartAsync(CancellationToken.None);

        await table.UpsertRow(new ReminderEntry
        {
            GrainId = GrainId.Create("transfer", "1"),
            ReminderName = "retention",
            StartAt = DateTime.UtcNow,
            Period = TimeSpan.FromDays(30),
        });

        Assert.Equal(Folder, File.GetUnixFileMode(folder));
        Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(folder, "reminders.dat")));
    }

    private static UnixFileMode ModeOf(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);
}
