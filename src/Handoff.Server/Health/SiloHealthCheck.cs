using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Handoff.Server.Health;

/// <summary>Healthy while the silo is active and the host is not shutting down; grpc.health.v1 reports it as SERVING.</summary>
public sealed class SiloHealthCheck : IHealthCheck
{
    private readonly SiloReadiness _readiness;
    private readonly IHostApplicationLifetime _lifetime;

    public SiloHealthCheck(SiloReadiness readiness, IHostApplicationLifetime lifetime)
    {
        _readiness = readiness;
        _lifetime = lifetime;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy("shutting down"));
        return Task.FromResult(_readiness.IsActive ? HealthCheckResult.Healthy("silo active") : HealthCheckResult.Unhealthy("silo not active yet"));
    }
}
