using Handoff.Contracts.Retention;
using Handoff.Grains.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.Server.Retention;

/// <summary>
/// Deleting what retention let go: the reclaimer the sweep grain deletes through (the silo shares this container),
/// the collector, and the periodic service that runs it. The chunk store itself is registered with the gRPC side.
/// </summary>
public static class RetentionSetup
{
    public static IServiceCollection AddHandoffRetention(this IServiceCollection services)
    {
        services.AddOptions<ChunkCollectorOptions>().BindConfiguration(ChunkCollectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IChunkReclaimer, ChunkStoreReclaimer>();
        services.AddSingleton<ChunkCollector>();
        services.AddHostedService<ChunkCollectorService>();
        return services;
    }
}
