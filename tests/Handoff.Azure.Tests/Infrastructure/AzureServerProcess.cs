using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;

namespace Handoff.Azure.Tests.Infrastructure;

/// <summary>
/// A real Handoff server (`dotnet Handoff.Server.dll`, the pattern of Handoff.Server.Tests' ServerProcess) started with
/// <c>Handoff:Storage=Azure</c>: its own temp data folder (operator key only), free ports, and a chunk container and
/// table prefix of its own in the given account.
/// </summary>
public sealed class AzureServerProcess : IAsyncDisposable
{
    /// <summary>The smallest chunk size, so small synthetic instances span several chunks.</summary>
    public const int ChunkSize = 64 * 1024;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly TempFolder _data = new();
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzureServerProcess(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        ChunkContainer = "chunks-" + suffix;
        TablePrefix = "t" + suffix;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public string ChunkContainer { get; }

    public string TablePrefix { get; }

    public string Address { get; private set; } = string.Empty;

    public GrpcChannel Channel { get; private set; } = null!;

    public string OperatorKey => File.ReadAllText(Path.Combine(_data.Path, "operator.key")).Trim();

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public int ExitCode => _process!.ExitCode;

    /// <summary>Starts a server on the Azure profile and waits until grpc.health answers SERVING.</summary>
    public static async Task<AzureServerProcess> StartAsync(string connectionString, params string[] extraArguments)
    {
        var server = new AzureServerProcess(connectionString);
        server.Launch(extraArguments);
        await HealthProbe.WaitUntilServingAsync(server.Channel, server._process!, () => server.Output, StartDeadline);
        return server;
    }

    /// <summary>Starts a server expected to stop by itself; waits for its exit up to <paramref name="deadline"/>.</summary>
    public static async Task<AzureServerProcess> RunExpectingExitAsync(string connectionString, TimeSpan deadline, params string[] extraArguments)
    {
        var server = new AzureServerProcess(connectionString);
        server.Launch(extraArguments);
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await server._process!.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new TimeoutException($"the server was still running after {deadline}:\n{output}");
        }
        server._process.WaitForExit(); // drains the asynchronous output readers
        return server;
    }

    private void Launch(string[] extraArguments)
    {
        var ports = FreePorts.Take(3);
        Address = $"http://127.0.0.1:{ports[0]}";
        var dll = Path.Combine(AppContext.BaseDirectory, "Handoff.Server.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Handoff.Server.dll is not next to the test assembly; is Handoff.Server referenced?", dll);
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data.Path,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        string[] arguments =
        [
            dll,
            $"--Handoff:DataPath={_data.Path}",
            $"--Kestrel:Endpoints:Grpc:Url={Address}",
            $"--Handoff:Silo:SiloPort={ports[1]}",
            $"--Handoff:Silo:GatewayPort={ports[2]}",
            $"--Handoff:Silo:ClusterId=test-{Guid.NewGuid():N}",
            $"--Handoff:Upload:ChunkSize={ChunkSize}",
            "--Handoff:Storage=Azure",
            $"--Handoff:Azure:ConnectionString={ConnectionString}",
            $"--Handoff:Azure:ChunkContainer={ChunkContainer}",
            $"--Handoff:Azure:TablePrefix={TablePrefix}",
            .. extraArguments,
        ];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
    }

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>SIGKILL: the process ends at once, without leaving the cluster or finishing anything.</summary>
    public void Kill()
    {
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Channel?.Dispose();
        _process?.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
