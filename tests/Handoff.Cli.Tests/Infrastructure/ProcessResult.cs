namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>What a finished process left behind: exit code and everything it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Non-empty stderr lines, for asserting "exactly one line".</summary>
    public IReadOnlyList<string> ErrorLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Clip(StandardOutput)}\nstderr:\n{Clip(StandardError)}";

    private static string Clip(string text) => text.Length > 4000 ? text[..4000] + "\n..." : text;
}
