using Handoff.Storage.Tests.Grains;
using Handoff.Storage.Tests.Support;

namespace Handoff.Storage.Tests.Reminders;

public sealed class FileReminderServiceTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Reminder_RegisteredByAGrain_SurvivesARestartOfTheSilo()
    {
        await using (var silo = await TestSilo.StartAsync(_root.Path))
        {
            await silo.Grains.GetGrain<INoteGrain>("transfer-1").RegisterRetention(TimeSpan.FromDays(30));
        }

        await using var restarted = await TestSilo.StartAsync(_root.Path);

        Assert.True(await restarted.Grains.GetGrain<INoteGrain>("transfer-1").HasReminder("retention"));
        Assert.False(await restarted.Grains.GetGrain<INoteGrain>("transfer-2").HasReminder("retention"));
        Assert.Contains("reminders.dat", _root.Files());
    }
}
