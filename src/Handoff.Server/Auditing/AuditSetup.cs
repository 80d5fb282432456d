using Handoff.Grains.Audit;
using Handoff.Server.Auditing.Chain;

namespace Handoff.Server.Auditing;

/// <summary>The audit trail's own services: chain checkpoint settings and the cluster's signing key.</summary>
public static class AuditSetup
{
    /// <summary>Call before the silo is added: the key is loaded by a hosted service that must start first.</summary>
    public static IServiceCollection AddHandoffAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditChainOptions>().BindConfiguration(AuditSigningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuditSigningOptions>().BindConfiguration(AuditSigningOptions.Section);
        services.AddSingleton(AuditSigningKeyStore.LoadOrCreate);
        services.AddSingleton<IAuditCheckpointSigner>(provider => provider.GetRequiredService<ClusterAuditKey>());
        services.AddHostedService<AuditSigningKeyInitializer>();
        return services;
    }
}
