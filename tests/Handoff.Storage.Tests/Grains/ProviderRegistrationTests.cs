using Handoff.Storage.Grains;
using Handoff.Storage.Reminders;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Handoff.Storage.Tests.Grains;

/// <summary>A host that forgets the data folder must fail at start with a message naming the setting, not at the first write.</summary>
public sealed class ProviderRegistrationTests
{
    [Fact]
    public async Task AddFileGrainStorage_WithoutRootDirectory_SiloFailsToStartNamingTheSetting()
    {
        var error = await StartExpectingFailureAsync(silo => silo.AddFileGrainStorage("handoff", (FileGrainStorageOptions _) => { }));

        Assert.Contains("RootDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseFileReminderService_WithoutRootDirectory_SiloFailsToStartNamingTheSetting()
    {
        var error = await StartExpectingFailureAsync(silo => silo.UseFileReminderService((FileReminderTableOptions _) => { }));

        Assert.Contains("RootDirectory", error.Message, StringComparison.Ordinal);
    }

    private static async Task<OptionsValidationException> StartExpectingFailureAsync(Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => configure(silo));
        await using var cluster = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(cluster.DeployAsync);
    }
}
