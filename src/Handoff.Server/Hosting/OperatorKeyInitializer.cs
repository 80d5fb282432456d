using Handoff.Server.Options;
using Handoff.Server.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Hosting;

/// <summary>
/// Runs before the silo: makes sure the data folder exists and the operator key is there (created on first start).
/// Logs where the key file is, never the key.
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
        if (_key.Existed)
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
        Directory.CreateDirectory(options.FullDataPath);
        return OperatorKey.LoadOrCreate(options.OperatorKeyPath);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator key created at {Path} (readable by this user only)")]
    private partial void LogKeyCreated(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator key read from {Path}")]
    private partial void LogKeyRead(string path);
}
