using System.Diagnostics;
using System.Text;
using Handoff.Testing;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// A real Handoff server for the client's end-to-end tests: `dotnet Handoff.Server.dll` on a temp data folder and
/// free ports (Kestrel, silo, gateway), ready once the operator key exists and `handoff facility list` answers.
/// It can be SIGKILLed and started again on the same data folder and ports, so a running client finds it where it
/// was. Killed and its data deleted on dispose.
/// </summary>
public sealed class HandoffServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private readonly TempFolder _data;
    private readonly int[] _ports;
    private readonly string _clusterId = $"cli-test-{Guid.NewGuid():N}";
    private readonly StringBuilder _output = new();
    private Process? _process;

    private HandoffServer(TempFolder data, int[] ports)
    {
        _data = data;
        _ports = ports;
        Url = $"http://127.0.0.1:{ports[0]}";
    }

    public string Url { get; }

    /// <summary>The server's Handoff:DataPath: grain state, chunks/ and operator.key.</summary>
    public string DataPath => _data.Path;

    public string OperatorKey { get; private set; } = string.Empty;

    /// <summary>Everything every run of this server wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<HandoffServer> StartAsync()
    {
        var server = new HandoffServer(new TempFolder(), FreePorts.Take(3));
        try
        {
            await server.LaunchAsync();
        }
        catch
        {
            // A server that never became ready must not outlive the test run.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses the process.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again on the same data folder and the same ports, once the previous process is gone.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process?.Dispose();
        await LaunchAsync();
    }

    /// <summary>The chunk files the local chunk store holds (file name = SHA-256), temp files of unfinished writes excluded.</summary>
    public IReadOnlyList<string> ChunkFiles()
    {
        var root = Path.Combine(DataPath, "chunks");
        if (!Directory.Exists(root))
            return [];
        var names = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => Path.GetFileName(path))
            .ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>Runs the client against this server with <paramref name="key"/>.</summary>
    public ProcessResult Handoff(string key, params string[] arguments) =>
        ProcessRunner.Handoff(["--server", Url, "--key", key, .. arguments]);

    /// <summary>Registers a facility and returns its key (the one line `facility add` prints).</summary>
    public string AddFacility(string id)
    {
        var result = Handoff(OperatorKey, "facility", "add", id, "--name", $"Facility {id}");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _data.Dispose();
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo(BuildOutput.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data.Path,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
        {
            BuildOutput.ServerAssembly,
            $"--Handoff:DataPath={_data.Path}",
            $"--Kestrel:Endpoints:Grpc:Url={Url}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Handoff:Silo:SiloPort={_ports[1]}",
            $"--Handoff:Silo:GatewayPort={_ports[2]}",
            $"--Handoff:Silo:ClusterId={_clusterId}",
        })
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        var keyPath = _data.Combine("operator.key");
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Output}");
            if (File.Exists(keyPath) && (OperatorKey = (await File.ReadAllTextAsync(keyPath)).Trim()).Length > 0
                && Handoff(OperatorKey, "facility", "list").ExitCode == 0)
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the server did not become ready within {StartDeadline}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
