using System.Diagnostics;
using System.Text;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// `handoff` running in the background (a send to interrupt, a receive that runs alongside): its output is captured
/// so the test can read the exit code, stdout and stderr once it ends, or SIGKILL it halfway. Killed on dispose.
/// </summary>
public sealed class RunningHandoff : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private RunningHandoff(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public static RunningHandoff Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "handoff.dll"), .. arguments])
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var running = new RunningHandoff(process);
        process.OutputDataReceived += (_, e) => Append(running._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(running._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the process to end by itself; fails (and kills it) when it is still running at the deadline.</summary>
    public async Task<ProcessResult> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"handoff did not finish within {deadline}:\n{Result(-1)}");
        }
        _process.WaitForExit(); // lets the asynchronous readers reach the end of both streams
        return Result(_process.ExitCode);
    }

    /// <summary>SIGKILL, as when the machine loses the process: no cleanup code of the client runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private ProcessResult Result(int exitCode)
    {
        lock (_output)
        lock (_error)
            return new ProcessResult(exitCode, _output.ToString(), _error.ToString());
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
            return;
        lock (builder)
            builder.AppendLine(line);
    }
}
