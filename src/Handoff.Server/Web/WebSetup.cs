using Handoff.Server.DicomWeb;
using Handoff.Server.WebApp;
using Microsoft.Extensions.Options;

namespace Handoff.Server.Web;

/// <summary>
/// The web endpoint (<c>Kestrel:Endpoints:Web</c>, default http://127.0.0.1:7880, HTTP/1.1 and, over TLS, HTTP/2):
/// the web page for people (<see cref="WebAppSetup"/>), DICOMweb under /dicomweb and Prometheus metrics at /metrics. Each door answers only on its own endpoint: gRPC calls that reach the web endpoint and
/// DICOMweb requests that reach the gRPC endpoint get 404, so an operator exposing one exposes only it.
/// </summary>
public static class WebSetup
{
    public static IServiceCollection AddHandoffWeb(this IServiceCollection services)
    {
        services.AddOptions<KestrelEndpointOptions>(KestrelEndpointOptions.Grpc).BindConfiguration(KestrelEndpointOptions.SectionOf(KestrelEndpointOptions.Grpc));
        services.AddOptions<KestrelEndpointOptions>(KestrelEndpointOptions.Web).BindConfiguration(KestrelEndpointOptions.SectionOf(KestrelEndpointOptions.Web));
        services.AddSingleton<LoopbackClients>();
        services.AddSingleton<StowBatches>();
        services.AddSingleton<StowService>();
        services.AddSingleton<VisibleStudies>();
        services.AddSingleton<DicomWebAudit>();
        services.AddSingleton<QidoService>();
        services.AddSingleton<WadoService>();
        services.AddProblemDetails();
        services.AddHandoffWebApp();
        return services;
    }

    public static WebApplication MapHandoffWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var webPort = app.Services.GetRequiredService<IOptionsMonitor<KestrelEndpointOptions>>().Get(KestrelEndpointOptions.Web).Port;
        app.Use((http, next) =>
        {
            var onWeb = webPort is { } port && http.Connection.LocalPort == port;
            var grpc = http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
            // The gRPC endpoint answers gRPC only: the web page, DICOMweb and metrics are not there.
            if (onWeb == grpc)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(http);
        });
        app.MapHandoffWebApp();
        app.MapDicomWeb();
        return app;
    }
}
