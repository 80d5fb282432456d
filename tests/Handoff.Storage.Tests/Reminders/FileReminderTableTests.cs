using Handoff.Storage.Reminders;
using Handoff.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Handoff.Storage.Tests.Reminders;

public sealed class FileReminderTableTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task UpsertRow_NewReminder_IsReadBackWithTheReturnedETag()
    {
        var table = await OpenAsync();
        var entry = Entry("transfer/6f1c", "retention");

        var etag = await table.UpsertRow(entry);

        var stored = await table.ReadRow(entry.GrainId, "retention");
        Assert.NotNull(stored);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal(entry.StartAt, stored.StartAt);
        Assert.Equal(entry.Period, stored.Period);
        Assert.Single((await table.ReadRows(entry.GrainId)).Reminders);
        Assert.Null(await table.ReadRow(entry.GrainId, "other"));
    }

    [Fact]
    public async Task UpsertRow_SameReminderAgain_ReplacesItAndChangesTheETag()
    {
        var table = await OpenAsync();
        var first = await table.UpsertRow(Entry("transfer/1", "retention", period: TimeSpan.FromDays(30)));

        var second = await table.UpsertRow(Entry("transfer/1", "retention", period: TimeSpan.FromDays(7)));

        Assert.NotEqual(first, second);
        var stored = Assert.Single((await table.ReadRows(GrainId.Create("transfer", "1"))).Reminders);
        Assert.Equal(TimeSpan.FromDays(7), stored.Period);
        Assert.Equal(second, stored.ETag);
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsTheReminder_CurrentETag_RemovesIt()
    {
        var table = await OpenAsync();
        var entry = Entry("transfer/2", "retention");
        var stale = await table.UpsertRow(entry);
        var current = await table.UpsertRow(entry);

        Assert.False(await table.RemoveRow(entry.GrainId, "retention", stale!));
        Assert.NotNull(await table.ReadRow(entry.GrainId, "retention"));

        Assert.True(await table.RemoveRow(entry.GrainId, "retention", current!));
        Assert.Null(await table.ReadRow(entry.GrainId, "retention"));
        Assert.False(await table.RemoveRow(entry.GrainId, "retention", current!));
    }

    [Fact]
    public async Task Reminders_TableRecreatedOnTheSameFolder_AreAllThere()
    {
        var table = await OpenAsync();
        var etags = new Dictionary<string, string>();
        for (var i = 0; i < 50; i++)
        {
            etags[$"t{i}"] = (await table.UpsertRow(Entry($"transfer/t{i}", "retention")))!;
        }

        await table.RemoveRow(GrainId.Create("transfer", "t7"), "retention", etags["t7"]);

        var reopened = await OpenAsync();
        var all = (await reopened.ReadRows(0, 0)).Reminders;
        Assert.Equal(49, all.Count);
        var t3 = await reopened.ReadRow(GrainId.Create("transfer", "t3"), "retention");
        Assert.NotNull(t3);
        Assert.Equal(etags["t3"], t3.ETag);
        Assert.Equal(DateTimeKind.Utc, t3.StartAt.Kind);
        Assert.Null(await reopened.ReadRow(GrainId.Create("transfer", "t7"), "retention"));
    }

    [Fact]
    public async Task ReadRows_RingRanges_IncludeEndExcludeBeginAndWrapAround()
    {
        var table = await OpenAsync();
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("transfer", $"g{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "retention"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        (uint Begin, uint End)[] ranges =
        [
            (hashes[10], hashes[60]),          // ordinary: (begin, end]
            (hashes[150], hashes[20]),         // wraps past uint.MaxValue
            (hashes[42], hashes[42]),          // begin == end: the whole ring
            (0, uint.MaxValue),
            (uint.MaxValue, 0),
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains
                .Where(g => begin < end
                    ? g.GetUniformHashCode() > begin && g.GetUniformHashCode() <= end
                    : g.GetUniformHashCode() > begin || g.GetUniformHashCode() <= end)
                .Select(g => g.ToString())
                .Order(StringComparer.Ordinal);
            var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(50, (await table.ReadRows(hashes[10], hashes[60])).Reminders.Count);
        Assert.Equal(200 - 130, (await table.ReadRows(hashes[150], hashes[20])).Reminders.Count);
    }

    [Fact]
    public async Task ReadRows_ReturnedEntries_AreCopiesThatCannotChangeTheTable()
    {
        var table = await OpenAsync();
        var entry = Entry("transfer/3", "retention");
        var etag = await table.UpsertRow(entry);
        entry.Period = TimeSpan.FromSeconds(1);

        var read = await table.ReadRow(entry.GrainId, "retention");
        read!.ETag = "tampered";

        var again = await table.ReadRow(entry.GrainId, "retention");
        Assert.Equal(etag, again!.ETag);
        Assert.Equal(TimeSpan.FromDays(30), again.Period);
    }

    [Fact]
    public async Task TestOnlyClearTable_EmptiesTheTableOnDisk()
    {
        var table = await OpenAsync();
        await table.UpsertRow(Entry("transfer/4", "retention"));

        await table.TestOnlyClearTable();

        Assert.Empty((await (await OpenAsync()).ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Init_DamagedFile_FailsNamingTheFile()
    {
        await File.WriteAllBytesAsync(Path.Combine(_root.Path, "reminders.dat"), [0x48, 0x52, 0x54, 0x31, 5, 0, 0, 0, 1]);
        var table = new FileReminderTable(Options.Create(new FileReminderTableOptions { RootDirectory = _root.Path }), NullLogger<FileReminderTable>.Instance);

        var error = await Assert.ThrowsAsync<InvalidDataException>(table.Init);

        Assert.Contains("reminders.dat", error.Message, StringComparison.Ordinal);
    }

    private async Task<FileReminderTable> OpenAsync()
    {
        var table = new FileReminderTable(
            Options.Create(new FileReminderTableOptions { RootDirectory = _root.Path }),
            NullLogger<FileReminderTable>.Instance);
        await table.StartAsync(CancellationToken.None);
        return table;
    }

    private static ReminderEntry Entry(string grain, string name, TimeSpan? period = null)
    {
        var slash = grain.IndexOf('/', StringComparison.Ordinal);
        return Entry(GrainId.Create(grain[..slash], grain[(slash + 1)..]), name, period);
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 3, 1, 8, 30, 0, DateTimeKind.Utc),
        Period = period ?? TimeSpan.FromDays(30),
    };
}
