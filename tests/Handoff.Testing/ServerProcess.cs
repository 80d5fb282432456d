using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Handoff.Client;

namespace Handoff.Testing;

/// <summary>
/// A real Handoff server: `dotnet Handoff.Server.dll` on a temp data folder of its own and free ports for gRPC, the
/// silo and the gateway (and, given <see cref="ServerSettings.Federation"/>, the federation endpoint), on the Local
/// profile or (given an <see cref="AzureCluster"/>) the Azure profile. Captures everything the process writes. It can
/// be SIGKILLed, SIGTERMed, and restarted on the same ports and data folder, so a client, a <see cref="Channel"/>, a
/// peer cluster or another silo finds it where it was. Killed and its folder deleted on dispose.
/// </summary>
public sealed class ServerProcess : IHandoffServer, IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private const int MaxStartAttempts = 3;

    private readonly TempFolder _data = new("server");
    private readonly CapturedOutput _output = new();
    private Process? _process;

    private ServerProcess(ServerSettings settings)
    {
        Settings = settings;
        var ports = FreePorts.Take(settings.Federation is null ? 4 : 5);
        (GrpcPort, SiloPort, GatewayPort, WebPort) = (ports[0], ports[1], ports[2], ports[3]);
        FederationPort = settings.Federation is null ? null : ports[4];
        ClusterId = settings.Azure?.ClusterId ?? $"test-{Guid.NewGuid():N}";
        Address = string.Create(CultureInfo.InvariantCulture, $"{(settings.Tls is null ? "http" : "https")}://127.0.0.1:{GrpcPort}");
        Channel = ServerChannel.Create(Address, settings.Tls);
    }

    public ServerSettings Settings { get; }

    /// <summary>The server's Handoff:DataPath: operator.key, and on the Local profile grain state and chunks/.</summary>
    public string DataPath => _data.Path;

    public int GrpcPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The web endpoint's port (DICOMweb), plain HTTP on 127.0.0.1.</summary>
    public int WebPort { get; }

    /// <summary>The web endpoint, http://127.0.0.1:port.</summary>
    public Uri WebAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{WebPort}"));

    public string ClusterId { get; }

    /// <summary>The federation endpoint's port (the same after a restart); null when the server does not federate.</summary>
    public int? FederationPort { get; }

    /// <summary>The federation endpoint, https://127.0.0.1:port (mutual TLS), as a peer registers it with Peers.AddPeer.</summary>
    public string FederationAddress => FederationPort is { } port
        ? string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}")
        : throw new InvalidOperationException("the server was started without ServerSettings.Federation");

    public string Address { get; }

    /// <summary>One channel for the server's whole life: it reconnects to the restarted process on the same address.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Everything every run of this server wrote to stdout and stderr so far.</summary>
    public string Output => _output.Text;

    public string OperatorKeyPath => Path.Combine(DataPath, "operator.key");

    /// <summary>The key in &lt;data&gt;/operator.key (on the Azure profile, the local copy of the cluster's shared key).</summary>
    public string OperatorKey => File.ReadAllText(OperatorKeyPath).Trim();

    /// <inheritdoc />
    public HandoffClientOptions ClientOptions(string? key)
    {
        var options = HandoffClientOptions.For(new Uri(Address), key);
        if (Settings.Tls is not { } tls)
            return options;
        var trusted = ServerChannel.TrustOnly(tls);
        return options with { ValidateServerCertificate = certificate => trusted(certificate) };
    }

    public bool HasExited => _process is not { HasExited: false };

    /// <summary>
    /// The chunk files the Local profile's chunk store holds under &lt;data&gt;/chunks (file name = SHA-256), in
    /// ordinal order, temp files of unfinished writes excluded.
    /// </summary>
    public IReadOnlyList<string> ChunkFiles()
    {
        var root = Path.Combine(DataPath, "chunks");
        if (!Directory.Exists(root))
            return [];
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The running server's process id (benchmarks read its memory from /proc).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>The exit code of the current run, once it has ended.</summary>
    public int ExitCode => _process is { HasExited: true } process ? process.ExitCode : throw new InvalidOperationException("the server is still running");

    /// <summary>Starts a server on the Local profile with extra `--Key=value` arguments and waits for SERVING.</summary>
    public static Task<ServerProcess> StartAsync(params string[] arguments) => StartAsync(new ServerSettings { Arguments = arguments });

    /// <summary>
    /// Starts a server and waits until grpc.health answers SERVING; fails with its output if it exits first. On the Local
    /// profile a first start that lost one of its ports (another process bound it between <see cref="FreePorts"/>
    /// choosing it and the server listening) is tried again on new ports, a few times.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        for (var attempt = 1; ; attempt++)
        {
            var server = new ServerProcess(settings);
            try
            {
                await server.StartProcessAsync();
                return server;
            }
            catch (Exception failure)
            {
                // A server that never became ready must not outlive the test; nothing of it is kept (its data folder
                // and cluster id were its own).
                var retry = failure is InvalidOperationException && attempt < MaxStartAttempts && settings.Azure is null && server.LostAPort();
                await server.DisposeAsync();
                if (!retry)
                    throw;
            }
        }
    }

    /// <summary>Runs a server on the Local profile with arguments expected to stop it at start (invalid settings).</summary>
    public static Task<ServerProcess> RunExpectingExitAsync(params string[] arguments) =>
        RunExpectingExitAsync(new ServerSettings { Arguments = arguments }, StartDeadline);

    /// <summary>
    /// Runs a server expected to stop by itself and returns it once it has, with <see cref="ExitCode"/> and
    /// <see cref="Output"/>; throws <see cref="TimeoutException"/> if it still runs at the deadline.
    /// </summary>
    public static async Task<ServerProcess> RunExpectingExitAsync(ServerSettings settings, TimeSpan deadline)
    {
        var server = new ServerProcess(settings);
        try
        {
            server.Launch();
            using var timeout = new CancellationTokenSource(deadline);
            await server._process!.WaitForExitAsync(timeout.Token);
            server._process.WaitForExit(); // drains the asynchronous output readers
            return server;
        }
        catch (OperationCanceledException)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new TimeoutException($"the server was still running after {deadline}:\n{output}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, the silo does not leave its cluster, as when the machine loses the process.</summary>
    public void Kill()
    {
        if (_process is not null)
            ChildProcess.Kill(_process);
    }

    /// <summary>
    /// SIGTERM, as a service manager or Kubernetes stops it; returns the exit code once the process has ended, or throws
    /// <see cref="TimeoutException"/> (leaving it running) if it has not within <paramref name="deadline"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        await ChildProcess.SignalTerminateAsync(process);
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the server was still running {deadline} after SIGTERM:\n{Output}");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        return process.ExitCode;
    }

    /// <summary>
    /// Kills the current process if it still runs, then starts a new one with the same settings on the same ports,
    /// cluster id and data folder, and waits for SERVING: a crashed silo coming back where it was.
    /// </summary>
    public async Task RestartAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        await StartProcessAsync();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Channel.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>True when the process ended because a port it was given was taken (Kestrel's and the socket layer's bind failure).</summary>
    private bool LostAPort()
    {
        if (_process is not { HasExited: true } process)
            return false;
        process.WaitForExit(); // drains the asynchronous output readers
        return Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Ready means the server answers grpc.health with SERVING (the silo is active, so grain calls succeed) and the
    /// operator key is in &lt;data&gt;/operator.key for <see cref="OperatorKey"/> to read. The server writes the key
    /// before it starts the silo, so the second is a check that it did (unless the key was given as a setting).
    /// </summary>
    private async Task StartProcessAsync()
    {
        Launch();
        await HealthProbe.WaitUntilServingAsync(Channel, _process!, () => Output, StartDeadline);
        if (!KeyGivenAsSetting() && !(File.Exists(OperatorKeyPath) && OperatorKey.Length > 0))
            throw new InvalidOperationException($"the server is SERVING but {OperatorKeyPath} holds no operator key:\n{Output}");
    }

    private bool KeyGivenAsSetting() =>
        Settings.Arguments.Any(argument => argument.StartsWith("--Handoff:OperatorKey=", StringComparison.OrdinalIgnoreCase));

    private void Launch()
    {
        var settings = Settings;
        string[] arguments =
        [
            BuildOutput.ServerAssembly,
            $"--Handoff:DataPath={DataPath}",
            $"--Kestrel:Endpoints:Grpc:Url={Address}",
            string.Create(CultureInfo.InvariantCulture, $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{WebPort}"),
            string.Create(CultureInfo.InvariantCulture, $"--Handoff:Silo:SiloPort={SiloPort}"),
            string.Create(CultureInfo.InvariantCulture, $"--Handoff:Silo:GatewayPort={GatewayPort}"),
            $"--Handoff:Silo:ClusterId={ClusterId}",
            .. settings.ChunkSize is { } chunkSize ? [string.Create(CultureInfo.InvariantCulture, $"--Handoff:Upload:ChunkSize={chunkSize}")] : Array.Empty<string>(),
            .. settings.Tls is { } tls ? [$"--Kestrel:Endpoints:Grpc:Certificate:Path={tls.PfxPath}", $"--Kestrel:Endpoints:Grpc:Certificate:Password={tls.Password}"] : Array.Empty<string>(),
            .. settings.Federation is { } federation ? FederationArguments(federation) : Array.Empty<string>(),
            .. settings.Azure?.ToArguments() ?? [],
            .. settings.Arguments,
        ];
        _process = ChildProcess.Start(BuildOutput.DotnetHost, arguments, _output, _output, workingDirectory: DataPath, configure: start =>
        {
            foreach (var (name, value) in settings.Environment)
                start.Environment[name] = value;
        });
    }

    private string[] FederationArguments(FederationSettings federation) =>
    [
        $"--Handoff:Federation:Network={federation.Network}",
        $"--Handoff:Federation:Listen={FederationAddress}",
        $"--Handoff:Federation:CertificatePath={federation.Certificate.CertificatePath}",
        $"--Handoff:Federation:KeyPath={federation.Certificate.KeyPath}",
    ];
}
