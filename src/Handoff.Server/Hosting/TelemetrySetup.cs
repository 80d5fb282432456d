using Handoff.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Handoff.Server.Hosting;

/// <summary>
/// OpenTelemetry: Handoff's own meter (transfers, clinical times, bytes, verify failures) with ASP.NET Core's, Kestrel's,
/// gRPC's, Orleans' and the runtime's, served as Prometheus text at <c>/metrics</c> on the web endpoint; traces and
/// metrics also go to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard variable).
/// Tags name priorities and outcomes, never facilities' patients.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] Meters =
    [
        TransferMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Grpc.AspNetCore.Server",
        "Microsoft.Orleans",
    ];

    public static IServiceCollection AddHandoffTelemetry(this IServiceCollection services)
    {
        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("handoff-server"))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddRuntimeInstrumentation().AddPrometheusExporter());
        if (otlp)
        {
            // Spans cost only when someone collects them: a transfer's calls through the server, the relay to peer
            // networks (its outgoing calls carry the trace to the peer's server), and Orleans' grain calls.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddSource(Telemetry.HandoffTracing.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"));
            telemetry.UseOtlpExporter();
        }
        return services;
    }

    public static WebApplication MapHandoffMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
