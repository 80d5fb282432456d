using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Handoff.Cli.Commands.Gateway;

/// <summary>Log lines of the long-running DICOM commands: one line each on stderr, so stdout stays for results.</summary>
internal static class CommandLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .AddFilter("Handoff", LogLevel.Information)
        .Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
}
