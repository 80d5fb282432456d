using Handoff.Server.Options;
using Handoff.Storage.Azure;
using Handoff.Storage.Chunks;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Hosting;

/// <summary>The chunk store of the configured profile: files under the data folder, or block blobs in Azure.</summary>
public static class ChunkStoreSetup
{
    public static IServiceCollection AddHandoffChunkStore(this IServiceCollection services)
    {
        services.AddSingleton<IChunkStore>(provider =>
        {
            var handoff = provider.GetRequiredService<IOptions<HandoffOptions>>().Value;
            if (handoff.Storage == StorageProfile.Azure)
            {
                // The container exists: AzureStorageProbe created it before the silo (and this service) started.
                return new AzureBlobChunkStore(provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value);
            }
            return new LocalChunkStore(handoff.FullDataPath, logger: provider.GetRequiredService<ILogger<LocalChunkStore>>());
        });
        return services;
    }
}
