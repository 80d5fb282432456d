using Handoff.Grains.Audit;
using Handoff.Server.Auditing.Chain;
using Handoff.Server.Auditing.Syslog;

namespace Handoff.Server.Auditing;

/// <summary>The audit trail's own services: chain checkpoint settings, the cluster's signing key, syslog forwarding.</summary>
public static class AuditSetup
{
    /// <summary>Call before the silo is added: the key is loaded by a hosted service that must start first.</summary>
    public static IServiceCollection AddHandoffAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditChainOptions>().BindConfiguration(AuditSigningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuditSigningOptions>().BindConfiguration(AuditSigningOptions.Section);
        services.AddSingleton(AuditSigningKeyStore.LoadOrCreate);
        services.AddSingleton<IAuditCheckpointSigner>(provider => provider.GetRequiredService<ClusterSigningKey>());
        services.AddHostedService<AuditSigningKeyInitializer>();
        services.AddOptions<SyslogOptions>().BindConfiguration(SyslogOptions.Section).ValidateDataAnnotations()
            .Validate(syslog => string.IsNullOrEmpty(syslog.CaCertificatePath) || File.Exists(syslog.CaCertificatePath),
                "Handoff:Audit:Syslog:CaCertificatePath names a file that does not exist")
            .ValidateOnStart();
        services.AddHttpContextAccessor(); // the caller's address in the events of DICOMweb reads
        services.AddSingleton<SyslogForwarder>();
        services.AddSingleton<IAuditSink>(provider => provider.GetRequiredService<SyslogForwarder>());
        services.AddHostedService(provider => provider.GetRequiredService<SyslogForwarder>());
        return services;
    }
}
