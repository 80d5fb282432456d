using Handoff.Server.Options;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Handoff.Server.Hosting;

/// <summary>
/// Serilog, configured here and nowhere else: readable console lines by default, compact JSON with
/// Handoff:Logging:Format=json. Levels can be tuned under "Serilog" in configuration. Framework chatter is held to
/// warnings: request logging would add noise and nothing a transfer needs.
/// </summary>
public static class LoggingSetup
{
    public static IHostApplicationBuilder AddHandoffLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) =>
        {
            var options = services.GetRequiredService<IOptions<LoggingOptions>>().Value;
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
                .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext();
            if (options.UseJson)
                logger.WriteTo.Console(new CompactJsonFormatter());
            else
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        });
        return builder;
    }
}
