using System.Diagnostics;
using System.Globalization;

namespace Handoff.Testing;

/// <summary>
/// A real Azurite (the repository's node_modules/.bin/azurite, installed by test.sh through npm) on free loopback
/// ports with a temp --location; ready once the blob and table ports answer HTTP. It can be stopped (killed, as when
/// the storage service fails) and started again on the same ports and location, so servers find it where it was.
/// Killed and its folder removed on dispose. No test depends on an Azurite started by hand.
/// </summary>
public sealed class AzuriteProcess : IAsyncLifetime
{
    /// <summary>The well-known development account key every Azurite accepts (public, not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>What Azurite prints once per service (blob, queue, table) after closing it and saving its metadata.</summary>
    private const string ClosedMessage = " service successfully closed";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly TempFolder _location = new("azurite");
    private readonly CapturedOutput _output = new();
    private int[]? _ports;
    private Process? _process;

    public int BlobPort => Ports[0];

    public int TablePort => Ports[2];

    /// <summary>Azurite's --location: its metadata and blob extents, kept across <see cref="StopAsync"/>.</summary>
    public string Location => _location.Path;

    public string ConnectionString => For(BlobPort, TablePort);

    /// <summary>Everything every run of this Azurite wrote so far.</summary>
    public string Output => _output.Text;

    public bool IsRunning => _process is { HasExited: false };

    private int[] Ports => _ports ?? throw new InvalidOperationException("azurite has not started");

    /// <summary>A connection string to the development account on the given ports (which may have no listener).</summary>
    public static string For(int blobPort, int tablePort) => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    /// <summary>An Azurite of the caller's own (outside any xunit fixture); dispose it.</summary>
    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = new AzuriteProcess();
        try
        {
            await azurite.InitializeAsync();
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
        return azurite;
    }

    /// <summary>Takes free ports and starts Azurite on them (xunit calls this for a fixture).</summary>
    public async Task InitializeAsync()
    {
        _ports ??= FreePorts.Take(3);
        await LaunchAsync();
    }

    /// <summary>
    /// SIGKILL, as when the storage service fails: requests in flight fail and the ports stop answering. The --location
    /// stays, but Azurite saves its metadata every 5 seconds, so what changed since is lost, as in a crash. With
    /// <paramref name="graceful"/>, SIGTERM first and the kill only once Azurite reports its three services closed (it
    /// saves everything while closing, but then does not exit by itself).
    /// </summary>
    public async Task StopAsync(bool graceful = false)
    {
        if (_process is not { HasExited: false } process)
            return;
        if (graceful)
        {
            var before = Output.Length;
            await ChildProcess.SignalTerminateAsync(process);
            var deadline = DateTime.UtcNow + StartDeadline;
            while (!process.HasExited && CountClosed(Output[before..]) < 3)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"azurite did not close its services within {StartDeadline} of SIGTERM:\n{Output}");
                // The interval between two looks at its output, not a guess at how long closing takes.
                await Task.Delay(50);
            }
        }
        ChildProcess.Kill(process);
    }

    private static int CountClosed(string output)
    {
        var count = 0;
        for (var at = output.IndexOf(ClosedMessage, StringComparison.Ordinal); at >= 0; at = output.IndexOf(ClosedMessage, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>After <see cref="StopAsync"/>: Azurite again on the same ports and --location, ready when it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
            throw new InvalidOperationException("azurite is still running; stop it first");
        _process?.Dispose();
        _process = null;
        await LaunchAsync();
    }

    public Task DisposeAsync()
    {
        if (_process is not null)
        {
            ChildProcess.Kill(_process);
            _process.Dispose();
        }
        _location.Dispose();
        return Task.CompletedTask;
    }

    private async Task LaunchAsync()
    {
        string[] arguments =
        [
            "--skipApiVersionCheck", "--silent", "--location", _location.Path,
            "--blobHost", "127.0.0.1", "--blobPort", Port(Ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Port(Ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Port(Ports[2]),
        ];
        _process = ChildProcess.Start(FindAzurite(), arguments, _output, _output);
        await WaitUntilAnsweringAsync(_process);
    }

    private async Task WaitUntilAnsweringAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartDeadline;
        foreach (var port in new[] { BlobPort, TablePort })
        {
            while (!await AnswersAsync(http, port))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"azurite exited with {process.ExitCode}:\n{Output}");
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"azurite did not answer on port {port} within {StartDeadline}:\n{Output}");
                // The interval between two questions, not a guess at how long starting takes: the answer decides.
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Any HTTP answer (403 without a signature) means the service is listening and parsing requests.</summary>
    private static async Task<bool> AnswersAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port(port)}/devstoreaccount1?comp=list"));
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string FindAzurite()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("node_modules/.bin/azurite not found above the test folder: run `npm ci` at the repository root (test.sh does)");
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
