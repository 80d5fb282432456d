namespace Handoff.Testing;

/// <summary>What a finished `handoff` process left behind: its exit code and everything it printed.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last non-empty stdout line: what `send` prints last is the transfer id.</summary>
    public string LastLine => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
