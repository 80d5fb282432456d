using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;

namespace Handoff.Server.Tests.Infrastructure;

/// <summary>
/// A real Handoff server: `dotnet Handoff.Server.dll` on a data folder of its own and free ports for Kestrel, the silo
/// and the gateway. Waits for grpc.health SERVING, captures everything the process writes, and can be SIGKILLed
/// and started again on the same data folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    private readonly TempFolder? _ownedData;
    private readonly string[] _extraArguments;
    private (string Path, string Password)? _certificate;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ServerProcess(string dataPath, TempFolder? ownedData, string[] extraArguments)
    {
        DataPath = dataPath;
        _ownedData = ownedData;
        _extraArguments = extraArguments;
    }

    public string DataPath { get; }

    public string Address { get; private set; } = string.Empty;

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>Everything every run of this server wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public string OperatorKeyPath => Path.Combine(DataPath, "operator.key");

    public string OperatorKey => File.ReadAllText(OperatorKeyPath).Trim();

    /// <summary>Starts a server on a new temp data folder (deleted on dispose) with extra `--Key=value` arguments.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] extraArguments)
    {
        var data = new TempFolder();
        var server = new ServerProcess(data.Path, data, extraArguments);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>
    /// Starts a server serving gRPC over TLS with the given PFX, configured only through the standard Kestrel
    /// endpoint settings; the channel trusts exactly that certificate.
    /// </summary>
    public static async Task<ServerProcess> StartWithTlsAsync(string pfxPath, string password, params string[] extraArguments)
    {
        var data = new TempFolder();
        var server = new ServerProcess(data.Path, data, extraArguments) { _certificate = (pfxPath, password) };
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses the process.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Channel?.Dispose();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code once the process has ended.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(deadline);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>
    /// Runs the server with arguments expected to stop it at start (invalid settings); returns its exit code and
    /// output. Fails if it is still running after the deadline.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunExpectingExitAsync(params string[] extraArguments)
    {
        var data = new TempFolder();
        var server = new ServerProcess(data.Path, data, extraArguments);
        try
        {
            server.Launch();
            using var timeout = new CancellationTokenSource(StartDeadline);
            await server._process!.WaitForExitAsync(timeout.Token);
            server._process.WaitForExit(); // drains the asynchronous output readers
            return (server._process.ExitCode, server.Output);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Starts again on the same data folder, on new ports; <see cref="Channel"/> points at the new process.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        Launch();
        await HealthProbe.WaitUntilServingAsync(Channel, _process!, () => Output, StartDeadline);
    }

    private void Launch()
    {
        var ports = FreePorts.Take(3);
        Address = $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{ports[0]}";
        var dll = Path.Combine(AppContext.BaseDirectory, "Handoff.Server.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Handoff.Server.dll is not next to the test assembly; is Handoff.Server referenced?", dll);
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataPath,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        string[] arguments =
        [
            dll,
            $"--Handoff:DataPath={DataPath}",
            $"--Kestrel:Endpoints:Grpc:Url={Address}",
            $"--Handoff:Silo:SiloPort={ports[1]}",
            $"--Handoff:Silo:GatewayPort={ports[2]}",
            $"--Handoff:Silo:ClusterId=test-{Guid.NewGuid():N}",
            .. _certificate is { } tls ? [$"--Kestrel:Endpoints:Grpc:Certificate:Path={tls.Path}", $"--Kestrel:Endpoints:Grpc:Certificate:Password={tls.Password}"] : Array.Empty<string>(),
            .. _extraArguments,
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
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024, HttpHandler = CreateHandler() });
    }

    private SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (_certificate is { } tls)
        {
            using var expected = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(tls.Path, tls.Password);
            var thumbprint = expected.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
        }
        return handler;
    }

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _ownedData?.Dispose();
        return ValueTask.CompletedTask;
    }
}
