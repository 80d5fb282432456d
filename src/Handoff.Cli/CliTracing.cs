using Handoff.Client;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Handoff.Cli;

/// <summary>
/// Traces of the client's sends, receives and gateway batches, exported by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is
/// set (the standard variables; nothing otherwise). The server's spans and, through the relay, a peer network's
/// join the same trace.
/// </summary>
internal static class CliTracing
{
    public static TracerProvider? Start() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
            ? null
            : Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(resource => resource.AddService("handoff-cli"))
                .AddSource(ClientTracing.SourceName)
                .AddOtlpExporter()
                .Build();
}
