using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Handoff.Server.Hosting;
using Handoff.Server.Options;
using Handoff.Storage.Azure;
using Handoff.Storage.Files;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Auditing.Chain;

/// <summary>
/// Keeps the audit signing key the way the operator key is kept: <c>Handoff:Audit:SigningKeyPath</c> when set (a
/// PEM the deployment supplies); else on the Azure profile the blob <c>audit-signing.key</c> in the grain-state
/// container, created by the first silo with If-None-Match: * so every silo signs with the same key; else the file
/// &lt;DataPath&gt;/audit-signing.key (PKCS#8 PEM, 0600), created on first start. Losing it does not lose the
/// audit trail: later checkpoints are signed by a new key, and older ones verify against the old public key.
/// </summary>
public static class AuditSigningKeyStore
{
    public const string FileName = "audit-signing.key";

    public static ClusterSigningKey LoadOrCreate(IServiceProvider services)
    {
        var handoff = services.GetRequiredService<IOptions<HandoffOptions>>().Value;
        var configured = services.GetRequiredService<IOptions<AuditSigningOptions>>().Value.SigningKeyPath;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(configured))
                throw new InvalidOperationException($"Handoff:Audit:SigningKeyPath: {configured} does not exist");
            return ClusterSigningKey.FromPem(File.ReadAllText(configured), configured, existed: true);
        }
        if (handoff.Storage == StorageProfile.Azure)
            return FromBlob(services.GetRequiredService<IOptions<AzureStorageOptions>>().Value);
        return FromFile(Path.Combine(handoff.FullDataPath, FileName));
    }

    /// <summary>
    /// The key in <paramref name="path"/>, created when missing. Silos sharing a data folder may race here, and a move
    /// without overwrite is not atomic on Linux (check, then rename), so creators take turns under an exclusive lock
    /// on <c>audit-signing.key.lock</c> (kept): the first writes its key under its own temporary name and moves it in,
    /// the others find the file. The key returned is always the one read back from the file.
    /// </summary>
    internal static ClusterSigningKey FromFile(string path)
    {
        if (File.Exists(path))
            return ClusterSigningKey.FromPem(File.ReadAllText(path), path, existed: true);
        using (TakeLock(path + ".lock"))
        {
            var created = false;
            if (!File.Exists(path))
            {
                var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
                try
                {
                    using (var stream = OwnerOnly.OpenOrCreate(temporary))
                    {
                        stream.SetLength(0);
                        stream.Write(System.Text.Encoding.ASCII.GetBytes(ClusterSigningKey.GeneratePem()));
                        stream.Flush(flushToDisk: true);
                    }
                    File.Move(temporary, path, overwrite: false);
                    created = true;
                }
                finally
                {
                    File.Delete(temporary); // nothing to delete once moved
                }
            }
            return ClusterSigningKey.FromPem(File.ReadAllText(path), path, existed: !created);
        }
    }

    /// <summary>An exclusive handle on <paramref name="lockPath"/>, waiting (up to 30 s) while another silo holds it.</summary>
    private static FileStream TakeLock(string lockPath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var open = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                    open.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // like every file of the data folder
                return new FileStream(lockPath, open);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20); // startup only, and only while another silo creates the key
            }
        }
    }

    private static ClusterSigningKey FromBlob(AzureStorageOptions azure)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = azure.StartupTimeout;
        var container = new BlobContainerClient(azure.ConnectionString, azure.GrainStateContainer, clientOptions);
        var source = $"blob {azure.GrainStateContainer}/{FileName}";
        try
        {
            container.CreateIfNotExists();
            var blob = container.GetBlobClient(FileName);
            var candidate = ClusterSigningKey.GeneratePem();
            try
            {
                blob.Upload(BinaryData.FromString(candidate), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
                return ClusterSigningKey.FromPem(candidate, source, existed: false);
            }
            catch (RequestFailedException exists) when (exists.Status is 409 or 412)
            {
                // Another silo (or an earlier start) created it: sign with that one.
            }
            return ClusterSigningKey.FromPem(blob.DownloadContent().Value.Content.ToString(), source, existed: true);
        }
        catch (Exception failed) when (failed is RequestFailedException or HttpRequestException or AggregateException or TimeoutException)
        {
            throw StorageUnavailableException.Unreachable(container.Uri, failed, azure.StartupTimeout);
        }
    }
}
