using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Handoff.Testing;

/// <summary>
/// Starts a program with both outputs redirected into <see cref="CapturedOutput"/>s and read asynchronously, so a
/// chatty process can never fill a pipe and hang. The one place the server, Azurite and client runners start processes.
/// </summary>
internal static class ChildProcess
{
    public static Process Start(string fileName, IEnumerable<string> arguments, CapturedOutput stdout, CapturedOutput stderr,
        string? workingDirectory = null, Action<ProcessStartInfo>? configure = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        configure?.Invoke(start);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => stdout.Append(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, as a service manager stops a program: it may shut down cleanly. Does not wait for the exit.</summary>
    public static async Task SignalTerminateAsync(Process process)
    {
        if (process.HasExited)
            return;
        using var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await signal.WaitForExitAsync();
    }

    /// <summary>SIGKILL to the process and its children, then waits until it is gone and both outputs are read.</summary>
    public static void Kill(Process process)
    {
        if (process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }
}
