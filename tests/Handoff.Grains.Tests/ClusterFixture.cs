using Handoff.Contracts.Retention;
using Handoff.Grains.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Handoff.Grains.Tests;

/// <summary>
/// One in-process silo per test class, configured as the server configures production: grain state under the
/// "handoff" provider (here in memory), reminders (here in memory too) and the chunk store the sweep deletes from
/// (here <see cref="FakeChunkStore"/>).
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public IGrainFactory Grains => Cluster.Client;

    public FakeChunkStore Chunks { get; } = new();

    /// <summary>How long transfers live in this cluster; the expiry tests shorten it.</summary>
    protected virtual TimeSpan Retention => TransferRetentionOptions.DefaultRetention;

    /// <summary>Further silo services of a derived fixture (the audit chain tests add a signing key).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not deployed");

    /// <summary>The silo's reminder table, to see which reminders a grain holds.</summary>
    public IReminderTable Reminders => Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();

    /// <summary>Ends the grain's activation, so the next call loads it from storage as after a restart.</summary>
    public Task DeactivateAsync(IAddressable grain) => Cluster.DeactivateAsync(grain);

    public async Task InitializeAsync()
    {
        var retention = Retention;
        var chunks = Chunks;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(HandoffStorage.ProviderName);
            silo.UseInMemoryReminderService();
            silo.Services.Configure<TransferRetentionOptions>(options => options.Retention = retention);
            silo.Services.AddSingleton<IChunkReclaimer>(chunks);
            ConfigureServices(silo.Services);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
