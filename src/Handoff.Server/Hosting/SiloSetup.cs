using Handoff.Server.Health;
using Handoff.Server.Options;
using Handoff.Storage.Grains;
using Handoff.Storage.Reminders;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SiloOptions = Handoff.Server.Options.SiloOptions;
using Orleans.Runtime;

namespace Handoff.Server.Hosting;

/// <summary>
/// The embedded default silo: localhost clustering on the configured ports, file-backed grain state and reminders
/// under the data folder. The storage provider name is the one the grains use for every state.
/// </summary>
public static class SiloSetup
{
    public const string GrainStorageName = "handoff";

    public static IHostApplicationBuilder AddHandoffSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Clustering needs the ports while the silo is being built, before options exist as services; they are still
        // validated on start with the rest (SiloOptions is registered with ValidateOnStart).
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        // The Azure profile's probe must be registered before UseOrleans so that it runs (and fails fast) first.
        var azure = builder.Configuration.ReadStorageProfile() == StorageProfile.Azure;
        if (azure)
            builder.AddHandoffAzureStorage();
        builder.UseOrleans(orleans =>
        {
            if (azure)
                orleans.UseHandoffAzureClustering(silo);
            else
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            orleans.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = silo.ProbeTimeout;
                membership.NumMissedProbesLimit = silo.MissedProbesLimit;
            });
            orleans.UseKubernetesHostingWhenDetected();
            if (azure)
            {
                orleans.AddHandoffAzureGrainState(GrainStorageName);
                return;
            }
            orleans.AddFileGrainStorage(GrainStorageName, storage =>
                storage.Configure<IOptions<HandoffOptions>>((file, handoff) => file.RootDirectory = handoff.Value.FullDataPath));
            orleans.UseFileReminderService(reminders =>
                reminders.Configure<IOptions<HandoffOptions>>((file, handoff) => file.RootDirectory = handoff.Value.FullDataPath));
        });
        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SiloReadiness>());
        return builder;
    }
}
