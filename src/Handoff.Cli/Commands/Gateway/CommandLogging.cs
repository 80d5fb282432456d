using Microsoft.Extensions.Logging;

namespace Handoff.Cli.Commands.Gateway;

/// <summary>Log lines of the long-running DICOM commands: one line each on stderr, so stdout stays for results.</summary>
internal static class CommandLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .AddFilter("Handoff", LogLevel.Information));
}
