using System.Net;
using Handoff.Gateway;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Handoff.Cli.Commands.Gateway;

/// <summary>
/// The gateway's metrics (<see cref="GatewayMetrics"/>): Prometheus text at http://HOST:PORT/metrics with
/// `--metrics HOST:PORT`, and OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard variables). Neither: nothing
/// is collected.
/// </summary>
internal static class GatewayTelemetry
{
    public static IDisposable? Start(IPEndPoint? listen)
    {
        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (listen is null && !otlp)
            return null;
        var builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("handoff-gateway"))
            .AddMeter(GatewayMetrics.MeterName);
        if (listen is not null)
        {
            builder.AddPrometheusHttpListener(options =>
            {
                options.Host = listen.Address.ToString();
                options.Port = listen.Port;
            });
        }
        if (otlp)
            builder.AddOtlpExporter();
        return builder.Build();
    }
}
