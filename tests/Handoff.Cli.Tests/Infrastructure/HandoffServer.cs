using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Handoff.Cli.Tests.Infrastructure;

/// <summary>
/// A real Handoff server for the client's end-to-end tests: `dotnet Handoff.Server.dll` on a temp data folder and
/// free ports (Kestrel, silo, gateway), ready once the operator key exists and `handoff facility list` answers.
/// Killed and its data deleted on dispose.
/// </summary>
public sealed class HandoffServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly TempFolder _data;
    private readonly StringBuilder _output = new();

    private HandoffServer(Process process, TempFolder data, string url)
    {
        _process = process;
        _data = data;
        Url = url;
    }

    public string Url { get; }

    public string OperatorKey { get; private set; } = string.Empty;

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
        var dll = ServerAssembly();
        var ports = FreePorts(3);
        var data = new TempFolder();
        var url = $"http://127.0.0.1:{ports[0]}";
        var start = new ProcessStartInfo(ProcessRunner.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.Path,
        };
        foreach (var argument in new[]
        {
            dll,
            $"--Handoff:DataPath={data.Path}",
            $"--Kestrel:Endpoints:Grpc:Url={url}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Handoff:Silo:SiloPort={ports[1]}",
            $"--Handoff:Silo:GatewayPort={ports[2]}",
            $"--Handoff:Silo:ClusterId=cli-test-{Guid.NewGuid():N}",
        })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var server = new HandoffServer(process, data, url);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            // A server that never became ready must not outlive the test run.
            await server.DisposeAsync();
            throw;
        }
        return server;
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _data.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        var keyPath = _data.Combine("operator.key");
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Output}");
            if (File.Exists(keyPath) && (OperatorKey = (await File.ReadAllTextAsync(keyPath)).Trim()).Length > 0
                && Handoff(OperatorKey, "facility", "list").ExitCode == 0)
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the server did not become ready within {StartDeadline}:\n{Output}");
    }

    /// <summary>
    /// The server's own build output in the same configuration as this test assembly
    /// (tests/Handoff.Cli.Tests/bin/CONFIG/net10.0 → src/Handoff.Server/bin/CONFIG/net10.0).
    /// </summary>
    private static string ServerAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "src", "Handoff.Server", "bin", configuration, framework, "Handoff.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Handoff.Server.dll is not built; build the solution (the test project references the server for build order)", dll);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int[] FreePorts(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener?.Stop();
        }
    }
}
