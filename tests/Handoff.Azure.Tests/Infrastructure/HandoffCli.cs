using System.Diagnostics;
using System.Text;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>The `handoff` client as a real process (`dotnet handoff.dll …`), with its exit code and both outputs.</summary>
public static class HandoffCli
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string LastLine => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static async Task<Result> RunAsync(TimeSpan deadline, params string[] arguments)
    {
        var dll = ClientPath();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Nothing from the test runner's environment chooses the server, key or retry budget.
        start.Environment.Remove("HANDOFF_SERVER");
        start.Environment.Remove("HANDOFF_KEY");
        start.Environment.Remove("HANDOFF_RETRY_FOR");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start handoff");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"handoff {string.Join(' ', arguments)} still running after {deadline}:\n{await stdout}\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// handoff.dll in Handoff.Cli's own output folder, for the configuration and framework of this test assembly
    /// (…/tests/Handoff.Azure.Tests/bin/Debug/net10.0/ → …/src/Handoff.Cli/bin/Debug/net10.0/handoff.dll).
    /// </summary>
    private static string ClientPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            var dll = Path.Combine(folder.FullName, "src", "Handoff.Cli", "bin", configuration, framework, "handoff.dll");
            if (File.Exists(dll))
                return dll;
        }
        throw new FileNotFoundException($"handoff.dll ({configuration}/{framework}) was not found above {here.FullName}; is Handoff.Cli built?");
    }
}
