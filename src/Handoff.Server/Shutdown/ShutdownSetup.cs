using Handoff.Server.Options;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Shutdown;

/// <summary>Graceful shutdown: the drain timeout, the host's ShutdownTimeout derived from it, and the drain service.</summary>
public static class ShutdownSetup
{
    /// <summary>Call after UseOrleans: the drain service must be registered after the silo so it stops before it.</summary>
    public static IServiceCollection AddHandoffGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.DrainTimeout + ShutdownOptions.SiloStopAllowance);
        services.AddSingleton<InFlightCalls>();
        services.AddHostedService<GrpcDrainService>();
        return services;
    }
}
