using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Handoff.Server.Hosting;
using Handoff.Storage.Azure;

namespace Handoff.Server.Security;

/// <summary>
/// The Azure profile's operator key: one for the whole cluster, so an operator's key works through any silo behind
/// the Service. It is the blob <c>operator.key</c> in the grain-state container (as private as the data it guards).
/// The first silo to start creates it with If-None-Match: * and every other silo reads it, so two silos starting
/// together still end up with the same key. Read once at start, synchronously (the host resolves it while starting)
/// with the start-up timeout and no SDK retries: unreachable storage ends start-up with the probe's one-line error.
/// </summary>
public static class SharedOperatorKey
{
    public const string BlobName = "operator.key";

    public static OperatorKey LoadOrCreate(AzureStorageOptions azure)
    {
        ArgumentNullException.ThrowIfNull(azure);
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = azure.StartupTimeout;
        var container = new BlobContainerClient(azure.ConnectionString, azure.GrainStateContainer, clientOptions);
        try
        {
            container.CreateIfNotExists();
            var blob = container.GetBlobClient(BlobName);
            var candidate = OperatorKey.Generate();
            try
            {
                blob.Upload(BinaryData.FromString(candidate), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
                return OperatorKey.FromValue(candidate, existed: false);
            }
            catch (RequestFailedException exists) when (exists.Status is 409 or 412)
            {
                // Another silo (or an earlier start) created it: use that one.
            }
            var existing = blob.DownloadContent().Value.Content.ToString();
            if (string.IsNullOrWhiteSpace(existing))
                throw new InvalidOperationException($"the shared operator key blob {container.Name}/{BlobName} is empty; delete it to have a new key created");
            return OperatorKey.FromValue(existing, existed: true);
        }
        catch (Exception failed) when (failed is RequestFailedException or HttpRequestException or AggregateException or TimeoutException)
        {
            throw StorageUnavailableException.Unreachable(container.Uri, failed, azure.StartupTimeout);
        }
    }
}
