using Azure.Storage.Blobs;
using Handoff.Storage.Azure;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Hosting;

/// <summary>
/// Runs before the silo starts (registered ahead of it): creates the chunk container, which proves the account is
/// reachable and the key accepted, within <see cref="AzureStorageOptions.StartupTimeout"/>. Without it Orleans would
/// retry the membership table for minutes while the process looks alive.
/// </summary>
public sealed partial class AzureStorageProbe(IOptions<AzureStorageOptions> options, ILogger<AzureStorageProbe> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var azure = options.Value;
        // No SDK retries: the deadline is the policy here, and one refused connection already says enough.
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = azure.StartupTimeout;
        var store = new AzureBlobChunkStore(AzureBlobChunkStore.CreateContainerClient(azure, clientOptions));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(azure.StartupTimeout);
        try
        {
            await store.InitializeAsync(timeout.Token);
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw StorageUnavailableException.Unreachable(store.Container.Uri, failed, azure.StartupTimeout);
        }
        LogReachable(logger, store.Container.Uri.GetLeftPart(UriPartial.Authority), azure.ChunkContainer);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure storage {Endpoint} reachable; chunks in container {Container}")]
    private static partial void LogReachable(ILogger logger, string endpoint, string container);
}
