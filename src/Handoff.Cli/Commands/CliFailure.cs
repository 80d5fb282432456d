namespace Handoff.Cli.Commands;

/// <summary>
/// A failure a command has already put into words for the user (the file and what is wrong with it).
/// <see cref="CliErrorHandler"/> prints the message as the one stderr line and exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliFailure : Exception
{
    public CliFailure(string message, int exitCode = ExitCodes.InputError, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public CliFailure() : this("failed") { }

    public CliFailure(string message) : this(message, ExitCodes.InputError) { }

    public CliFailure(string message, Exception inner) : this(message, ExitCodes.InputError, inner) { }

    public int ExitCode { get; }

    /// <summary>A usage error found after parsing, such as an option value out of range.</summary>
    public static CliFailure Usage(string message) => new(message, ExitCodes.Usage);
}
