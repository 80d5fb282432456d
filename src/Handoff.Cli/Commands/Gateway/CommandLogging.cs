using Microsoft.Extensions.Logging;

namespace Handoff.Cli.Commands.Gateway;

/// <summary>Log lines of the long-running DICOM commands: one line each on stderr, so stdout stays for results.</summary>
internal static class CommandLogging
{
    /// <param name="minimum">Information for a standing service (the gateway); Warning for a one-shot command, whose result is its output.</param>
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder => builder
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .AddFilter("Handoff", minimum));
}
