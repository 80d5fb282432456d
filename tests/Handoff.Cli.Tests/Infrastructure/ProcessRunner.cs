using System.Diagnostics;
using System.Text;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// Runs real processes: the built `handoff` and the dcmtk / dicom3tools oracles. Output is read asynchronously
/// so a chatty process cannot fill a pipe and hang, and every run has a deadline.
/// </summary>
public static class ProcessRunner
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>
    /// `dotnet handoff.dll ...`. The test project references Handoff.Cli, so the build copies handoff.dll with its
    /// runtimeconfig next to this assembly, in whatever configuration (Debug or Release) the tests were built.
    /// </summary>
    public static ProcessResult Handoff(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "handoff.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("handoff.dll is not next to the test assembly; is Handoff.Cli referenced?", dll);
        return Run(BuildOutput.DotnetHost, [dll, .. arguments]);
    }

    /// <summary>Starts `handoff` in the background (a send to interrupt, a receive that runs alongside); output is drained and discarded.</summary>
    public static Process StartHandoff(params string[] arguments)
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "handoff.dll"), .. arguments])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start handoff");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// `handoff` with environment variables changed for the child only (a null value removes the variable), for
    /// example without HANDOFF_KEY to see what a call without a key gets, whatever the test runner's environment holds.
    /// </summary>
    public static ProcessResult HandoffWithEnvironment(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        Run(BuildOutput.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "handoff.dll"), .. arguments], environment);

    /// <summary>`handoff` with <paramref name="input"/> on its standard input (closed after it).</summary>
    public static ProcessResult HandoffWithInput(string input, params string[] arguments) =>
        Run(BuildOutput.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "handoff.dll"), .. arguments], environment: null, input);

    public static ProcessResult Run(string fileName, params string[] arguments) => Run(fileName, arguments, environment: null);

    private static ProcessResult Run(string fileName, string[] arguments, IReadOnlyDictionary<string, string?>? environment, string? input = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            RedirectStandardInput = input is not null,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {Deadline}");
        }
        process.WaitForExit(); // lets the asynchronous readers reach the end of both streams
        return new ProcessResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
