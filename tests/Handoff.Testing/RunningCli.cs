using System.Diagnostics;

namespace Handoff.Testing;

/// <summary>
/// A `handoff` process started by <see cref="HandoffCli.Start"/>: its output so far, a task of its result, and
/// SIGKILL. The result task fails with <see cref="TimeoutException"/> (the process killed) if it outlives its deadline.
/// Killed on dispose.
/// </summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly CapturedOutput _stdout = new();
    private readonly CapturedOutput _stderr = new();
    private readonly string[] _arguments;

    internal RunningCli(TimeSpan deadline, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        _arguments = arguments;
        Process = ChildProcess.Start(BuildOutput.DotnetHost, [HandoffCli.ClientPath, .. arguments], _stdout, _stderr, configure: start =>
        {
            start.Environment.Remove("HANDOFF_SERVER");
            start.Environment.Remove("HANDOFF_KEY");
            start.Environment.Remove("HANDOFF_RETRY_FOR");
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
                start.Environment[name] = value;
        });
        Completion = WaitAsync(deadline);
    }

    public Process Process { get; }

    /// <summary>The exit code and both outputs once the process has ended, whether by itself or by <see cref="Kill"/>.</summary>
    public Task<CliResult> Completion { get; }

    /// <summary>What the client printed on stdout so far, e.g. to wait for progress before killing a server.</summary>
    public string StandardOutput => _stdout.Text;

    public string StandardError => _stderr.Text;

    /// <summary>SIGKILL, as when the machine loses the process: no cleanup code of the client runs.</summary>
    public void Kill() => ChildProcess.Kill(Process);

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await Completion;
        }
        catch (TimeoutException)
        {
            // Reported to whoever awaited the result; disposing only cleans up.
        }
        Process.Dispose();
    }

    private async Task<CliResult> WaitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"handoff {string.Join(' ', _arguments)} still running after {deadline}:\n{Result(-1)}");
        }
        Process.WaitForExit(); // both asynchronous readers have reached the end of their streams
        return Result(Process.ExitCode);
    }

    private CliResult Result(int exitCode) => new(exitCode, _stdout.Text, _stderr.Text);
}
