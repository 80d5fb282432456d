using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.Server.Auditing.Chain;

/// <summary>
/// Loads (or creates) the audit signing key before the silo starts, so a key that cannot be read stops start-up with
/// one line instead of failing the first audit append; logs the key id, never the key.
/// </summary>
public sealed partial class AuditSigningKeyInitializer : IHostedService
{
    private readonly ClusterSigningKey _key;
    private readonly ILogger<AuditSigningKeyInitializer> _logger;

    public AuditSigningKeyInitializer(ClusterSigningKey key, ILogger<AuditSigningKeyInitializer> logger)
    {
        _key = key;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogKey(_key.Existed ? "read" : "created", _key.KeyId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit signing key {Action}: key id {KeyId} (checkpoints of the audit hash chains are signed with it)")]
    private partial void LogKey(string action, string keyId);
}
