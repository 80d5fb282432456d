using Handoff.Server.Options;
using Handoff.Server.Security;
using Handoff.Storage.Azure;
using Handoff.Storage.Files;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Hosting;

/// <summary>
/// Runs before the silo: makes sure the data folder exists, readable by this user only, and the operator key is there
/// (created on first start).
/// The key comes from <c>Handoff:OperatorKey</c> when set, else from the storage account on the Azure profile (one
/// for the cluster, copied to the data folder for an operator on this node), else from the data folder.
/// Logs where the key is, never the key.
/// </summary>
public sealed partial class OperatorKeyInitializer : IHostedService
{
    private readonly OperatorKey _key;
    private readonly HandoffOptions _options;
    private readonly ILogger<OperatorKeyInitializer> _logger;

    public OperatorKeyInitializer(OperatorKey key, IOptions<HandoffOptions> options, ILogger<OperatorKeyInitializer> logger)
    {
        _key = key;
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.OperatorKey is not null)
            LogKeyConfigured();
        else if (_options.Storage == StorageProfile.Azure)
            LogKeyShared(SharedOperatorKey.BlobName, _key.Existed ? "read from" : "created in", _options.OperatorKeyPath);
        else if (_key.Existed)
            LogKeyRead(_options.OperatorKeyPath);
        else
            LogKeyCreated(_options.OperatorKeyPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The singleton factory: the folder is created here because the key file is the first thing written to it.</summary>
    public static OperatorKey LoadOrCreate(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<HandoffOptions>>().Value;
        // 0700: the folder holds patient data. One made wider beforehand is narrowed; one this user does not own is reported.
        if (OwnerOnly.EnsureDirectory(options.FullDataPath) is { } mode)
            LogDataFolderOpen(services.GetRequiredService<ILogger<OperatorKeyInitializer>>(), options.FullDataPath, OwnerOnly.Octal(mode));
        if (options.OperatorKey is { } configured)
            return OperatorKey.FromValue(configured, existed: true);
        if (options.Storage != StorageProfile.Azure)
            return OperatorKey.LoadOrCreate(options.OperatorKeyPath);
        var shared = SharedOperatorKey.LoadOrCreate(services.GetRequiredService<IOptions<AzureStorageOptions>>().Value);
        shared.WriteCopy(options.OperatorKeyPath);
        return shared;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator key created at {Path} (readable by this user only)")]
    private partial void LogKeyCreated(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator key taken from the Handoff:OperatorKey setting")]
    private partial void LogKeyConfigured();

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster operator key {Action} blob {Blob} of the storage account; copy at {Path} (readable by this user only)")]
    private partial void LogKeyShared(string blob, string action, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator key read from {Path}")]
    private partial void LogKeyRead(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data folder {Path} has mode {Mode} and belongs to another user, so it could not be restricted to 0700; the files Handoff writes in it are 0600 and its own folders 0700")]
    private static partial void LogDataFolderOpen(ILogger logger, string path, string mode);
}
