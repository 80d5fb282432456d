using Handoff.Storage.Grains;
using Handoff.Storage.Reminders;
using Handoff.Storage.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Handoff.Storage.Tests.Support;

/// <summary>
/// A one-silo in-process cluster wired the way the server's embedded default is: file grain storage and the file
/// reminder table on one data folder. Starting a second one on the same folder is a restart.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private TestSilo(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<TestSilo> StartAsync(string dataPath)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .AddFileGrainStorage(NoteGrain.StorageName, options => options.RootDirectory = dataPath)
            .UseFileReminderService(options => options.RootDirectory = dataPath));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new TestSilo(cluster);
    }

    /// <summary>The storage provider as the silo resolved it, for writes behind a grain's back.</summary>
    public IGrainStorage Storage =>
        Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(NoteGrain.StorageName);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
